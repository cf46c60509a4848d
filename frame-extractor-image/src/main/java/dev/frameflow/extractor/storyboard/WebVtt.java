package dev.frameflow.extractor.storyboard;

import java.util.Locale;

/**
 * The storyboard's WebVTT index, as timeline-preview players read it: one cue per tile, its time
 * range and the tile's place in its sprite. The cues follow each other without gaps from 0 to the
 * end of the video.
 */
public final class WebVtt {

  private WebVtt() {}

  public static String of(StoryboardLayout layout) {
    StringBuilder vtt = new StringBuilder("WEBVTT\n");
    for (int i = 0; i < layout.tiles(); i++) {
      vtt.append('\n')
          .append(i + 1)
          .append('\n')
          .append(time(layout.start(i)))
          .append(" --> ")
          .append(time(layout.end(i)))
          .append('\n')
          .append(layout.fragment(i))
          .append('\n');
    }
    return vtt.toString();
  }

  /** {@code hh:mm:ss.ttt}, as WebVTT wants it. */
  static String time(double seconds) {
    long millis = Math.round(seconds * 1000);
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d.%03d",
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        millis % 1000);
  }
}
