package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.frameflow.contracts.progress.ProgressReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reports a running extractor sends to a real HTTP endpoint standing in for the operator. */
class ProgressReporterTest {

  private HttpServer server;
  private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();

  @BeforeEach
  void startEndpoint() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/progress/ns/vj",
        exchange -> {
          tokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopEndpoint() {
    server.stop(0);
  }

  @Test
  void sendsThePercentWithTheFramesWrittenAndAgainWhenOnlyTheFramesGrew() throws Exception {
    try (ProgressReporter reporter = reporter()) {
      reporter.report(40);
      reporter.framesWritten(12);
      String first = next();
      assertThat(first).contains("\"percent\":40");
      assertThat(tokens.poll()).isEqualTo("Bearer the-uid");
      if (!first.contains("\"framesWritten\":12")) {
        // the percent went out before the frames arrived: the frames follow in the next report
        assertThat(next()).contains("\"percent\":40", "\"framesWritten\":12");
      }
      reporter.framesWritten(20); // same percent, more frames: still worth a report
      assertThat(next()).contains("\"percent\":40", "\"framesWritten\":20");
    }
  }

  @Test
  void beforeAnyFrameTheFramesAreNull() throws Exception {
    try (ProgressReporter reporter = reporter()) {
      reporter.report(5);
      assertThat(next()).isEqualTo("{\"percent\":5,\"framesWritten\":null}");
    }
  }

  private ProgressReporter reporter() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/progress/ns/vj";
    return ProgressReporter.fromEnvironment(
        Map.of(ProgressReport.URL_VARIABLE, url, ProgressReport.TOKEN_VARIABLE, "the-uid"),
        new PrintStream(new ByteArrayOutputStream()));
  }

  private String next() throws InterruptedException {
    String body = bodies.poll(5, TimeUnit.SECONDS);
    assertThat(body).as("a report within 5 s").isNotNull();
    return body;
  }
}
