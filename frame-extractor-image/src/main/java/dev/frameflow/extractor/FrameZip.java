package dev.frameflow.extractor;

import dev.frameflow.archive.EntryNames;
import dev.frameflow.archive.FrameLog;
import dev.frameflow.archive.FrameZipWriter;
import dev.frameflow.archive.Manifest;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.sheet.ContactSheet;
import dev.frameflow.extractor.storyboard.StoryboardLayout;
import dev.frameflow.extractor.storyboard.StoryboardMaker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ZIP of one extraction as it is written: the frames, numbered in the order they come (and
 * offered to the contact sheet), then the storyboard, the contact sheet, the preview and the
 * manifest. It is closed by {@link #finish} only: on failure the partial ZIP is discarded, not
 * finished.
 */
final class FrameZip {

  private final FrameZipWriter zip;
  private final FrameLog log = new FrameLog();
  private final ExtractionOptions options;
  private final ContactSheet sheet;
  private Manifest.Extras extras = Manifest.Extras.NONE;

  /** {@code sheet} is null when the options ask for no contact sheet. */
  FrameZip(OutputStream out, ExtractionOptions options, ContactSheet sheet) {
    this.zip = new FrameZipWriter(out);
    this.options = options;
    this.sheet = sheet;
  }

  /** One frame into the ZIP (and onto the contact sheet), numbered in the order it comes. */
  void add(Path file, double timestamp, double requested, boolean keyframe) throws IOException {
    log.add(timestamp, requested, keyframe);
    if (sheet != null) {
      try {
        sheet.offer(file, timestamp);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted reading a frame");
      }
    }
    zip.addStored(EntryNames.frame(log.size(), timestamp, options.format()), file);
  }

  int frames() {
    return log.size();
  }

  /** A video of which no frame could be decoded is corrupt (bad input). */
  void requireFrames() {
    if (log.size() == 0) {
      throw new BadInputException(
          FailureReason.CORRUPT, "corrupt video: no frame could be decoded");
    }
  }

  /** The storyboard's sprites (stored) and its WebVTT index (deflated). */
  void addStoryboard(StoryboardMaker.Storyboard storyboard) throws IOException {
    List<String> sprites = new ArrayList<>();
    for (int s = 0; s < storyboard.sprites().size(); s++) {
      String name = StoryboardLayout.DIRECTORY + storyboard.layout().spriteName(s);
      zip.addStored(name, storyboard.sprites().get(s));
      sprites.add(name);
    }
    OutputStream vtt = zip.addDeflated(StoryboardLayout.VTT);
    vtt.write(storyboard.vtt().getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
    extras = extras.withStoryboard(StoryboardLayout.VTT, sprites, storyboard.layout().tiles());
  }

  /** The contact sheet, drawn into {@code dir} first; nothing when none was asked for. */
  void addContactSheet(Path dir) throws IOException {
    if (sheet == null) {
      return;
    }
    Path sheetFile = dir.resolve(EntryNames.CONTACT_SHEET);
    try (OutputStream out = Files.newOutputStream(sheetFile)) {
      sheet.write(out);
    }
    zip.addStored(EntryNames.CONTACT_SHEET, sheetFile);
    extras = extras.withContactSheet(EntryNames.CONTACT_SHEET);
  }

  /** The animated preview ({@code preview.webp}), already rendered into {@code file}. */
  void addPreview(Path file) throws IOException {
    zip.addStored(EntryNames.PREVIEW, file);
    extras = extras.withPreview(EntryNames.PREVIEW);
  }

  /** The manifest, then the central directory: the ZIP is complete. */
  void finish(String source, VideoInfo video, String strategy) throws IOException {
    OutputStream manifest = zip.addDeflated(EntryNames.MANIFEST);
    Manifest.write(manifest, source, video.asSliceVideo(), options, strategy, log, extras);
    zip.closeEntry();
    zip.close();
  }
}
