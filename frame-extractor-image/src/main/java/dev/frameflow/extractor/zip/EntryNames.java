package dev.frameflow.extractor.zip;

import dev.frameflow.contracts.extraction.ImageFormat;
import java.util.Locale;

/** ZIP entry names: {@code frame-000042-41.000s.jpg} = the 42nd frame, shown at 41 s. */
public final class EntryNames {

  public static final String MANIFEST = "manifest.json";

  /** The contact sheet, when asked for. */
  public static final String CONTACT_SHEET = "contact-sheet.jpg";

  private EntryNames() {}

  public static String frame(int number, double timestamp, ImageFormat format) {
    return String.format(
        Locale.ROOT, "frame-%06d-%.3fs.%s", number, Math.max(0, timestamp), format.extension());
  }
}
