package dev.frameflow.contracts.result;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The extractor's result, written as JSON to the pod's termination message ({@code
 * /dev/termination-log}, at most {@link #MAX_BYTES}) and to {@code --result-file}; the operator
 * reads it back into the VideoJob's status. {@code output} is the ZIP's {@code s3://} URI or path.
 */
public record ExtractorResult(
    @NotNull @Pattern(regexp = "succeeded|failed") String status,
    @Min(0) @Max(255) int exitCode,
    @Min(0) int frames,
    @Size(max = MAX_OUTPUT_CHARS) String output,
    @Min(0) long bytes,
    Double videoDurationSeconds,
    @Min(0) long elapsedMillis,
    @Size(max = MAX_REASON_CHARS) String reason) {

  /** What Kubernetes keeps of a termination message. */
  public static final int MAX_BYTES = 4096;

  public static final int MAX_REASON_CHARS = 1000;
  public static final int MAX_OUTPUT_CHARS = 2048;

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public static ExtractorResult succeeded(
      int frames, String output, long bytes, double videoDurationSeconds, long elapsedMillis) {
    return new ExtractorResult(
        SUCCEEDED,
        ExitCodes.SUCCESS,
        frames,
        cut(output, MAX_OUTPUT_CHARS),
        bytes,
        videoDurationSeconds,
        elapsedMillis,
        null);
  }

  /** A failed run; its output location and reason are cut to fit the termination message. */
  public static ExtractorResult failed(
      int exitCode, String output, Double videoDurationSeconds, long elapsedMillis, String reason) {
    return new ExtractorResult(
        FAILED,
        exitCode,
        0,
        cut(output, MAX_OUTPUT_CHARS),
        0,
        videoDurationSeconds,
        elapsedMillis,
        cut(reason, MAX_REASON_CHARS));
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isSucceeded() {
    return SUCCEEDED.equals(status);
  }

  private static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - 1) + "…";
  }
}
