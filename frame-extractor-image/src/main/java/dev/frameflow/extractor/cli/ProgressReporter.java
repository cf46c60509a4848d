package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.progress.ProgressReport;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the extraction's progress to the operator ({@link ProgressReport}) when the Job gives an
 * endpoint and a token, besides printing {@code progress N%} lines. The extraction never waits for
 * it: a daemon thread sends the newest percent at most once per {@link #PERIOD}, and a failed or
 * slow report is dropped (the next one carries a newer value; the outcome does not depend on it).
 */
final class ProgressReporter implements AutoCloseable {

  static final Duration PERIOD = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final URI endpoint;
  private final String token;
  private final PrintStream err;
  private final AtomicInteger latest = new AtomicInteger(-1);
  private final AtomicInteger frames = new AtomicInteger(-1);
  private final HttpClient http;
  private final Thread sender;
  private volatile boolean closed;
  private int sent = -1;
  private int sentFrames = -1;
  private boolean warned;

  private ProgressReporter(URI endpoint, String token, PrintStream err) {
    this.endpoint = endpoint;
    this.token = token;
    this.err = err;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.sender = new Thread(this::sendLoop, "progress-reporter");
    this.sender.setDaemon(true);
    this.sender.start();
  }

  /**
   * A reporter when the environment names an endpoint and a token, otherwise one that only prints.
   */
  static ProgressReporter fromEnvironment(Map<String, String> env, PrintStream err) {
    String url = env.get(ProgressReport.URL_VARIABLE);
    String token = env.get(ProgressReport.TOKEN_VARIABLE);
    if (url == null || url.isBlank() || token == null || token.isBlank()) {
      return null;
    }
    try {
      return new ProgressReporter(URI.create(url.trim()), token.trim(), err);
    } catch (IllegalArgumentException e) {
      err.println("ignoring " + ProgressReport.URL_VARIABLE + ": " + e.getMessage());
      return null;
    }
  }

  void report(int percent) {
    latest.accumulateAndGet(percent, Math::max);
  }

  /** Frames already in the ZIP: sent with the next report, even when the percent stood still. */
  void framesWritten(int written) {
    frames.accumulateAndGet(written, Math::max);
  }

  private void sendLoop() {
    while (!closed) {
      int percent = latest.get();
      int written = frames.get();
      if (percent > sent || (percent >= 0 && written > sentFrames)) {
        send(percent, written);
      }
      try {
        Thread.sleep(PERIOD.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void send(int percent, int written) {
    String body =
        "{\"percent\":"
            + percent
            + ",\"framesWritten\":"
            + (written < 0 ? "null" : String.valueOf(written))
            + "}";
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        sent = percent;
        sentFrames = written;
      } else {
        warnOnce("the operator answered " + response.statusCode() + " to a progress report");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } catch (Exception e) {
      warnOnce("progress report not sent: " + e);
    }
  }

  private void warnOnce(String message) {
    if (!warned) {
      warned = true;
      err.println(message);
    }
  }

  @Override
  public void close() {
    closed = true;
    sender.interrupt();
  }
}
