package dev.frameflow.operator.job;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.videojob.VideoJobSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The extractor's arguments for a VideoJob (the CLI contract in frame-extractor-image). */
public final class ExtractorCommandLine {

  public static final String WORK_DIR = "/work";
  public static final String RESULT_FILE = "/dev/termination-log";

  private ExtractorCommandLine() {}

  /**
   * {@code --source} and {@code --output} only name the objects (for the logs and the result): the
   * pod reads and writes them through the presigned URLs the operator grants it when it starts.
   */
  public static List<String> arguments(VideoJobSpec spec) {
    List<String> args = new ArrayList<>();
    args.add("--source");
    args.add(spec.source().toUri());
    args.add("--output");
    args.add(spec.output().toUri());
    args.add("--result-file");
    args.add(RESULT_FILE);
    args.add("--work-dir");
    args.add(WORK_DIR);
    ExtractionOptions extraction = spec.extraction();
    if (extraction.fps() != null) {
      args.add("--fps");
      args.add(plain(extraction.fps()));
    } else if (extraction.intervalSeconds() != null) {
      args.add("--interval-seconds");
      args.add(plain(extraction.intervalSeconds()));
    }
    if (extraction.format() != null) {
      args.add("--format");
      args.add(extraction.format().id());
    }
    addIfPresent(args, "--quality", extraction.quality());
    addIfPresent(args, "--max-frames", extraction.maxFrames());
    addIfPresent(args, "--width", extraction.width());
    if (extraction.start() != null) {
      args.add("--start");
      args.add(plain(extraction.start()));
    }
    if (extraction.end() != null) {
      args.add("--end");
      args.add(plain(extraction.end()));
    }
    addSamplingMode(args, extraction);
    return args;
  }

  /**
   * The probe Job's arguments: the source and output only named (the pod is granted the source's
   * GET alone), and {@code --probe}: no frames, no upload.
   */
  public static List<String> probeArguments(VideoJobSpec spec) {
    return new ArrayList<>(
        List.of(
            "--source",
            spec.source().toUri(),
            "--output",
            spec.output().toUri(),
            "--result-file",
            RESULT_FILE,
            "--work-dir",
            WORK_DIR,
            "--probe"));
  }

  /** The other modes and the outputs besides the frames (issue 18), as the extractor's flags. */
  private static void addSamplingMode(List<String> args, ExtractionOptions extraction) {
    addIfPresent(args, "--count", extraction.count());
    if (extraction.timestamps() != null) {
      args.add("--timestamps");
      args.add(String.join(",", extraction.timestamps()));
    }
    if (Boolean.TRUE.equals(extraction.keyframes())) {
      args.add("--keyframes");
    }
    if (Boolean.TRUE.equals(extraction.scene())) {
      args.add("--scene");
      args.add("--scene-threshold");
      args.add(plain(extraction.sceneThreshold()));
    }
    if (extraction.minIntervalSeconds() != null) {
      args.add("--min-interval-seconds");
      args.add(plain(extraction.minIntervalSeconds()));
    }
    if (extraction.storyboard() != null) {
      args.add("--storyboard-interval");
      args.add(plain(extraction.storyboard().intervalSeconds()));
      addIfPresent(args, "--storyboard-tile-width", extraction.storyboard().tileWidth());
      args.add("--storyboard-grid");
      args.add(extraction.storyboard().columns() + "x" + extraction.storyboard().rows());
    }
    if (extraction.wantsContactSheet()) {
      args.add("--contact-sheet");
    }
  }

  private static void addIfPresent(List<String> args, String flag, Integer value) {
    if (value != null) {
      args.add(flag);
      args.add(value.toString());
    }
  }

  /** 1.0 → "1", 0.5 → "0.5": whole numbers read as integers by any parser. */
  static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
