package dev.frameflow.operator.podapi;

import java.time.Duration;

/**
 * What the pod-facing endpoint grants one connection, one caller and everyone ({@code
 * frameflow.operator.progress.*}, see {@code ProgressProperties}).
 *
 * @param requestTimeout a connection's whole request (line, headers, body) must arrive within this
 *     of its opening, and its answer leave within this of being written (5 s)
 * @param maxHeaderBytes the request line, and the headers together (16 KiB: a projected token is
 *     about 1 KiB)
 * @param maxBodyBytes a request's body (4 KiB: a progress report is under 200 bytes)
 * @param threads workers answering complete requests (4)
 * @param queue complete requests waiting for a worker; beyond, {@code 503} (64)
 * @param maxConnections open connections from every caller together; beyond, closed at once (1024)
 * @param maxConnectionsPerCaller open connections from one address (4)
 * @param maxInFlightPerCaller requests of one address being answered at once; beyond, {@code 429}
 *     (2)
 * @param requestsPerSecondPerCaller the sustained request rate of one address; beyond, {@code 429}
 *     (5: a pod reports its progress once a second)
 * @param burstPerCaller requests one address may make at once after a pause (10)
 */
public record PodEndpointLimits(
    Duration requestTimeout,
    int maxHeaderBytes,
    int maxBodyBytes,
    int threads,
    int queue,
    int maxConnections,
    int maxConnectionsPerCaller,
    int maxInFlightPerCaller,
    double requestsPerSecondPerCaller,
    int burstPerCaller) {

  public static final PodEndpointLimits DEFAULTS =
      new PodEndpointLimits(Duration.ofSeconds(5), 16 * 1024, 4 * 1024, 4, 64, 1024, 4, 2, 5, 10);

  public PodEndpointLimits {
    if (requestTimeout.isNegative()
        || requestTimeout.isZero()
        || maxHeaderBytes < 1024
        || maxBodyBytes < 1024
        || threads < 1
        || queue < 1) {
      throw new IllegalArgumentException(
          "pod endpoint: request-timeout, threads and queue must be positive, header and body"
              + " sizes at least 1 KiB");
    }
  }

  PodServer.Settings server() {
    return new PodServer.Settings(
        requestTimeout,
        maxHeaderBytes,
        maxBodyBytes,
        threads,
        queue,
        new CallerLimits.Settings(
            maxConnections,
            maxConnectionsPerCaller,
            maxInFlightPerCaller,
            requestsPerSecondPerCaller,
            burstPerCaller));
  }
}
