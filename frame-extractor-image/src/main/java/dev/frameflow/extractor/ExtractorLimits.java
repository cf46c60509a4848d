package dev.frameflow.extractor;

/**
 * What an extractor accepts and how much it may use. Videos over {@code maxDurationSeconds} or with
 * more than {@code maxPixels} per frame are refused as bad input; {@code parallelism} is how many
 * ffmpeg processes decode at once (one per core by default; sparse sampling, made of short
 * seek-and-decode processes, runs twice as many); {@code skimming} allows {@link
 * dev.frameflow.extractor.plan.Strategy#SKIM} plans (on by default; off, sparse sampling always
 * uses seek windows).
 */
public record ExtractorLimits(
    double maxDurationSeconds, long maxPixels, int parallelism, boolean skimming) {

  /** Four hours. */
  public static final double DEFAULT_MAX_DURATION_SECONDS = 4 * 3600;

  /** 8K UHD (7680x4320). */
  public static final long DEFAULT_MAX_PIXELS = 7680L * 4320;

  public ExtractorLimits {
    if (!(maxDurationSeconds > 0)) {
      throw new IllegalArgumentException("maxDurationSeconds must be > 0");
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1");
    }
  }

  public ExtractorLimits(double maxDurationSeconds, long maxPixels, int parallelism) {
    this(maxDurationSeconds, maxPixels, parallelism, true);
  }

  public static ExtractorLimits defaults() {
    return new ExtractorLimits(
        DEFAULT_MAX_DURATION_SECONDS,
        DEFAULT_MAX_PIXELS,
        Runtime.getRuntime().availableProcessors());
  }

  public ExtractorLimits withMaxDurationSeconds(double seconds) {
    return new ExtractorLimits(seconds, maxPixels, parallelism, skimming);
  }

  public ExtractorLimits withMaxPixels(long pixels) {
    return new ExtractorLimits(maxDurationSeconds, pixels, parallelism, skimming);
  }

  public ExtractorLimits withParallelism(int processes) {
    return new ExtractorLimits(maxDurationSeconds, maxPixels, processes, skimming);
  }

  /** With or without {@link dev.frameflow.extractor.plan.Strategy#SKIM} plans. */
  public ExtractorLimits withSkimming(boolean allowed) {
    return new ExtractorLimits(maxDurationSeconds, maxPixels, parallelism, allowed);
  }
}
