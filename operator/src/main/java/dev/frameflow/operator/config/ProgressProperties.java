package dev.frameflow.operator.config;

import dev.frameflow.operator.podapi.PodEndpointLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code frameflow.operator.progress.*}: the operator's pod-facing endpoint, where extractor pods
 * get their URLs and report their progress.
 *
 * @param port where it listens (0: any free port, for tests); a port of its own, not the management
 *     one, so a NetworkPolicy can open it to extractor pods alone
 * @param url the base URL pods reach it by, e.g. {@code
 *     http://frameflow-operator.frameflow.svc:8081}; empty: {@code http://127.0.0.1:<port>}
 *     (one-machine tests only)
 * @param requestTimeout a connection's whole request must arrive within this of its opening, its
 *     answer leave within this of being written (5 s)
 * @param maxHeaderSize the request line, and the headers together (16 KB)
 * @param maxBodySize a request's body (4 KB)
 * @param threads workers answering complete requests (4)
 * @param queue complete requests waiting for a worker; beyond, 503 (64)
 * @param maxConnections open connections from every caller together (1024)
 * @param maxConnectionsPerCaller open connections from one address, i.e. one pod (4)
 * @param maxInFlightPerCaller requests of one address being answered at once; beyond, 429 (2)
 * @param requestsPerSecondPerCaller one address's sustained request rate; beyond, 429 (5)
 * @param burstPerCaller requests one address may make at once after a pause (10)
 */
@ConfigurationProperties("frameflow.operator.progress")
public record ProgressProperties(
    @DefaultValue("8081") int port,
    String url,
    @DefaultValue("5s") Duration requestTimeout,
    @DefaultValue("16KB") DataSize maxHeaderSize,
    @DefaultValue("4KB") DataSize maxBodySize,
    @DefaultValue("4") int threads,
    @DefaultValue("64") int queue,
    @DefaultValue("1024") int maxConnections,
    @DefaultValue("4") int maxConnectionsPerCaller,
    @DefaultValue("2") int maxInFlightPerCaller,
    @DefaultValue("5") double requestsPerSecondPerCaller,
    @DefaultValue("10") int burstPerCaller) {

  /** The endpoint's limits. */
  public PodEndpointLimits limits() {
    return new PodEndpointLimits(
        requestTimeout,
        (int) maxHeaderSize.toBytes(),
        (int) maxBodySize.toBytes(),
        threads,
        queue,
        maxConnections,
        maxConnectionsPerCaller,
        maxInFlightPerCaller,
        requestsPerSecondPerCaller,
        burstPerCaller);
  }

  /** The base URL pods reach the endpoint by, which listens on {@code boundPort}. */
  public String baseUrl(int boundPort) {
    return url != null && !url.isBlank() ? url.trim() : "http://127.0.0.1:" + boundPort;
  }
}
