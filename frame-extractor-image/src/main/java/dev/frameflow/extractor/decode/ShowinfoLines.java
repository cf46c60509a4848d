package dev.frameflow.extractor.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the frames ffmpeg's {@code showinfo} filter reports on stderr: each frame's timestamp (in
 * the stream's raw timeline, {@code -copyts}) and keyframe flag. Thread-confined: one per run.
 */
final class ShowinfoLines {

  private static final Pattern TIME_BASE =
      Pattern.compile("Parsed_showinfo_\\d+ @ [^]]+\\] config in time_base: (\\d+)/(\\d+)");
  private static final Pattern FRAME =
      Pattern.compile(
          "Parsed_showinfo_\\d+ @ [^]]+\\] n:\\s*(\\d+) pts:\\s*(-?\\d+) .*?iskey:(\\d)");

  /** One reported frame: raw seconds and keyframe flag. */
  record Frame(double rawSeconds, boolean keyframe) {}

  private long num = 1;
  private long den = 1;
  private final List<Frame> frames = new ArrayList<>();
  private boolean truncated;

  void accept(String line) {
    Matcher frame = FRAME.matcher(line);
    if (frame.find()) {
      frames.add(
          new Frame(
              Long.parseLong(frame.group(2)) * (double) num / den, frame.group(3).equals("1")));
      return;
    }
    Matcher tb = TIME_BASE.matcher(line);
    if (tb.find()) {
      num = Long.parseLong(tb.group(1));
      den = Long.parseLong(tb.group(2));
    } else if (line.contains("partial file")) {
      truncated = true;
    }
  }

  List<Frame> frames() {
    return frames;
  }

  boolean truncated() {
    return truncated;
  }
}
