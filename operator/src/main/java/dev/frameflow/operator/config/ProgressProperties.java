package dev.frameflow.operator.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.operator.progress.*}: the operator's pod-facing endpoint, where extractor pods
 * get their URLs and report their progress.
 *
 * @param port where it listens (0: any free port, for tests); a port of its own, not the management
 *     one, so a NetworkPolicy can open it to extractor pods alone
 * @param url the base URL pods reach it by, e.g. {@code
 *     http://frameflow-operator.frameflow.svc:8081}; empty: {@code http://127.0.0.1:<port>}
 *     (one-machine tests only)
 */
@ConfigurationProperties("frameflow.operator.progress")
public record ProgressProperties(@DefaultValue("8081") int port, String url) {

  /** The base URL pods reach the endpoint by, which listens on {@code boundPort}. */
  public String baseUrl(int boundPort) {
    return url != null && !url.isBlank() ? url.trim() : "http://127.0.0.1:" + boundPort;
  }
}
