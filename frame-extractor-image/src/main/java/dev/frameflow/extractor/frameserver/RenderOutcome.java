package dev.frameflow.extractor.frameserver;

/**
 * One answered render, for the log line: which video, the status, the refusal code if any, how long
 * it took, and the render's span (so that the line and the trace meet).
 *
 * @param path the endpoint ({@code /v1/frames})
 * @param videoId the video (null when the body could not be read)
 * @param status the HTTP status answered
 * @param refusal the refusal code, or null
 * @param millis time spent answering
 * @param traceId the render span's trace, or null without tracing
 * @param spanId the render span, or null without tracing
 */
public record RenderOutcome(
    String path,
    String videoId,
    int status,
    String refusal,
    long millis,
    String traceId,
    String spanId) {

  /** Where answered renders are told; the serve command writes them as JSON log lines. */
  @FunctionalInterface
  public interface Log {
    void answered(RenderOutcome outcome);

    Log NONE = outcome -> {};
  }
}
