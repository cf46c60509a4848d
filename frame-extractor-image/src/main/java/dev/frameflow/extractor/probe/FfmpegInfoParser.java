package dev.frameflow.extractor.probe;

import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the stream description {@code ffmpeg -i} writes on stderr. */
final class FfmpegInfoParser {

  private static final Pattern INPUT = Pattern.compile("^Input #0, ([^ ]+), from ");
  private static final Pattern DURATION =
      Pattern.compile(
          "^\\s*Duration: (N/A|(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?))(?:, start: (-?[\\d.]+))?");
  private static final Pattern STREAM =
      Pattern.compile("^\\s*Stream #0:(\\d+)[^:]*: (Video|Audio|Subtitle|Data|Attachment): (.*)$");
  private static final Pattern VIDEO_CODEC = Pattern.compile("^(\\w+)");
  private static final Pattern SIZE = Pattern.compile("(?:^|[ ,])(\\d{1,5})x(\\d{1,5})(?=[ ,]|$)");
  private static final Pattern FPS = Pattern.compile("([\\d.]+)(k?) (fps|tbr)");
  private static final Pattern ROTATE_TAG = Pattern.compile("^\\s*rotate\\s*: (-?\\d+)");
  private static final Pattern DISPLAY_MATRIX =
      Pattern.compile("displaymatrix: rotation of (-?[\\d.]+) degrees");

  /** Codecs of still images: one picture is not a video even inside a video-looking name. */
  private static final Set<String> IMAGE_CODECS =
      Set.of("png", "bmp", "gif", "webp", "tiff", "jpegls", "ppm", "pgm", "pam", "svg");

  private FfmpegInfoParser() {}

  static VideoInfo parse(List<String> lines) {
    Description description = new Description();
    for (String line : lines) {
      description.read(line);
    }
    return description.video(lines);
  }

  /** What the lines read so far say of the input and its first real video stream. */
  private static final class Description {
    private String container;
    private Double duration;
    private double start;
    private String codec;
    private int width;
    private int height;
    private double frameRate;
    private Integer rotation;
    private boolean inVideoStream;
    private boolean sawAudio;

    void read(String line) {
      Matcher m;
      if ((m = INPUT.matcher(line)).find()) {
        container = m.group(1);
      } else if ((m = DURATION.matcher(line)).find()) {
        readDuration(m);
      } else if ((m = STREAM.matcher(line)).find()) {
        readStream(m.group(2), m.group(3));
      } else if (inVideoStream && rotation == null && (m = ROTATE_TAG.matcher(line)).find()) {
        rotation = normalise(Integer.parseInt(m.group(1)));
      } else if (inVideoStream && rotation == null && (m = DISPLAY_MATRIX.matcher(line)).find()) {
        // the display matrix turns counter-clockwise; the rotate tag clockwise
        rotation = normalise((int) Math.round(-Double.parseDouble(m.group(1))));
      }
    }

    private void readDuration(Matcher m) {
      if (m.group(2) != null) {
        duration =
            Integer.parseInt(m.group(2)) * 3600.0
                + Integer.parseInt(m.group(3)) * 60.0
                + Double.parseDouble(m.group(4));
      }
      if (m.group(5) != null) {
        start = Double.parseDouble(m.group(5));
      }
    }

    private void readStream(String kind, String description) {
      inVideoStream = false;
      if (kind.equals("Audio")) {
        sawAudio = true;
      }
      // the first real video stream wins; cover art ("attached pic") is not the video
      if (kind.equals("Video") && codec == null && !description.contains("(attached pic)")) {
        inVideoStream = true;
        Matcher c = VIDEO_CODEC.matcher(description);
        codec = c.find() ? c.group(1) : "unknown";
        Matcher s = SIZE.matcher(description);
        if (s.find()) {
          width = Integer.parseInt(s.group(1));
          height = Integer.parseInt(s.group(2));
        }
        Matcher f = FPS.matcher(description);
        if (f.find()) {
          frameRate = Double.parseDouble(f.group(1)) * (f.group(2).isEmpty() ? 1 : 1000);
        }
      }
    }

    /**
     * The video described, once every line is read.
     *
     * @throws BadInputException when the input is not a video ffmpeg can decode
     */
    VideoInfo video(List<String> lines) {
      if (container == null) {
        throw new BadInputException(FailureReason.UNREADABLE, "not a video: " + explain(lines));
      }
      if (codec == null) {
        throw sawAudio
            ? new BadInputException(
                FailureReason.AUDIO_ONLY, "not a video: audio only, no video stream")
            : new BadInputException(FailureReason.UNREADABLE, "not a video: no video stream");
      }
      if (IMAGE_CODECS.contains(codec)
          || container.endsWith("_pipe")
          || container.equals("image2")) {
        throw new BadInputException(
            FailureReason.STILL_IMAGE, "not a video: a still image (" + codec + ")");
      }
      if (width <= 0 || height <= 0) {
        throw new BadInputException(
            FailureReason.CORRUPT, "corrupt video: no picture size in the " + codec + " stream");
      }
      if (duration == null || duration <= 0) {
        throw new BadInputException(FailureReason.CORRUPT, "corrupt video: unknown duration");
      }
      return new VideoInfo(
          container,
          codec,
          width,
          height,
          frameRate,
          rotation == null ? 0 : rotation,
          duration,
          start);
    }
  }

  private static int normalise(int degrees) {
    int clockwise = ((degrees % 360) + 360) % 360;
    return (int) (Math.round(clockwise / 90.0) * 90) % 360;
  }

  /** ffmpeg's last words about an input it could not open, e.g. "moov atom not found". */
  private static String explain(List<String> lines) {
    if (lines.stream().anyMatch(line -> line.contains("moov atom not found"))) {
      return "truncated or corrupt file (moov atom not found)";
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("At least one output file")) {
        continue;
      }
      int colon = line.lastIndexOf(": ");
      String reason = colon >= 0 ? line.substring(colon + 2) : line;
      return reason.length() > 160 ? reason.substring(0, 160) : reason;
    }
    return "ffmpeg could not read it";
  }
}
