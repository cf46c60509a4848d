package dev.frameflow.archive;

import dev.frameflow.contracts.extraction.ImageFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ZIP entry names: {@code frame-000042-41.000s.jpg} = the 42nd frame, shown at 41 s. */
public final class EntryNames {

  public static final String MANIFEST = "manifest.json";

  /** The contact sheet, when asked for. */
  public static final String CONTACT_SHEET = "contact-sheet.jpg";

  /** The animated preview, when asked for. */
  public static final String PREVIEW = "preview.webp";

  // the extension is any the image formats answer to (ImageFormat.parse decides which)
  private static final Pattern FRAME = Pattern.compile("frame-(\\d+)-(\\d+(?:\\.\\d+)?)s\\.(\\w+)");

  private EntryNames() {}

  /** What a frame's entry name says: its number (from 1), when it was shown, its format. */
  public record Frame(int number, double seconds, ImageFormat format) {}

  public static String frame(int number, double timestamp, ImageFormat format) {
    return String.format(
        Locale.ROOT, "frame-%06d-%.3fs.%s", number, Math.max(0, timestamp), format.extension());
  }

  /**
   * Reads a frame's entry name as {@link #frame} writes it; empty for any other entry (the
   * manifest, storyboard sprites, the contact sheet) or an unknown image format.
   */
  public static Optional<Frame> parse(String name) {
    Matcher m = FRAME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    return ImageFormat.parse(m.group(3))
        .map(
            format ->
                new Frame(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)), format));
  }
}
