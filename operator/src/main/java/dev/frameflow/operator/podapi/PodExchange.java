package dev.frameflow.operator.podapi;

import java.util.Map;

/** One request of an extractor pod to the operator's pod-facing endpoint, read whole. */
public record PodExchange(
    String method, String path, String authorization, byte[] body, String caller) {

  /** What a route answers: a status, headers and a (small) body. */
  public record Answer(int status, Map<String, String> headers, byte[] body) {

    private static final byte[] NONE = new byte[0];

    public static Answer of(int status) {
      return new Answer(status, Map.of(), NONE);
    }
  }

  /** A route of the endpoint ({@code /access}, {@code /progress/}). */
  @FunctionalInterface
  public interface Route {
    /** Runs on one of the endpoint's worker threads; may block (the API server, S3). */
    Answer handle(PodExchange exchange);
  }
}
