package dev.frameflow.standalone.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.standalone.StandaloneRuntime;
import dev.frameflow.testing.OtlpReceiver;
import dev.frameflow.testing.OtlpReceiver.ReceivedSpan;
import dev.frameflow.testing.TestVideos;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone mode's half of "one upload, one trace" (issue 30, item 1): the upload, its
 * storage, the outbox relay, the in-process extraction, the status it reports and the email are one
 * trace, in causal order, each span naming the video. The spans are read as production sends them:
 * over OTLP/HTTP (protobuf) to a collector, here a real receiver on 127.0.0.1 that decodes the
 * requests; no export is configured by default, the test turns it on by its property.
 */
class StandaloneTraceIT {

  @TempDir static Path dataDir;

  static OtlpReceiver collector;
  static StandaloneRuntime runtime;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startCollectorAndStandaloneMode() {
    collector = OtlpReceiver.start();
    runtime =
        StandaloneRuntime.start(
            StandaloneRuntime.Settings.embedded(
                dataDir,
                Map.of(
                    "management.opentelemetry.tracing.export.otlp.endpoint",
                    collector.endpoint() + "/v1/traces",
                    "management.opentelemetry.tracing.export.schedule-delay",
                    "100ms",
                    "frameflow.standalone.workers",
                    1)));
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void oneUploadIsOneTraceThroughExtractionStatusAndEmail() throws Exception {
    String token = registerAndLogin("ada-" + UUID.randomUUID() + "@example.org");
    String videoId = upload(token, TestVideos.oneSecond("mp4"));

    await().atMost(Duration.ofMinutes(2)).until(() -> !named("video.email", videoId).isEmpty());
    ReceivedSpan upload = single(named("video.upload", videoId));
    ReceivedSpan store = single(named("video.store", videoId));
    ReceivedSpan relay = named("outbox.relay", videoId).get(0);
    ReceivedSpan extract = named("video.extract", videoId).get(0);
    ReceivedSpan email = named("video.email", videoId).get(0);
    List<ReceivedSpan> trace = collector.trace(upload.traceId());

    assertThat(List.of(store, relay, extract, email))
        .extracting(ReceivedSpan::traceId)
        .containsOnly(upload.traceId());
    // causal order: each hop is the child of the one that handed the video on
    assertThat(store.parentSpanId()).isEqualTo(upload.spanId());
    assertThat(relay.parentSpanId()).isEqualTo(upload.spanId());
    assertThat(extract.parentSpanId()).isEqualTo(relay.spanId());
    assertThat(email.parentSpanId()).isEqualTo(extract.spanId());
    assertThat(relay.startNanos()).isGreaterThanOrEqualTo(store.endNanos());
    assertThat(extract.startNanos()).isGreaterThanOrEqualTo(relay.startNanos());
    assertThat(email.startNanos()).isGreaterThanOrEqualTo(extract.startNanos());
    // the extractor library's phases, in the extraction's span
    assertThat(
            trace.stream()
                .filter(span -> extract.spanId().equals(span.parentSpanId()))
                .map(ReceivedSpan::name))
        .contains("open", "index", "decode", "zip", "upload");
    System.out.printf(
        "[standalone trace] %s: %d spans of the video's trace received over OTLP%n",
        upload.traceId(), trace.size());
  }

  private static List<ReceivedSpan> named(String name, String videoId) {
    return collector.spans().stream()
        .filter(span -> span.name().equals(name))
        .filter(span -> videoId.equals(span.attributes().get("video.id")))
        .toList();
  }

  private static ReceivedSpan single(List<ReceivedSpan> spans) {
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  // ---- the REST API, as a client uses it ----

  private static String registerAndLogin(String email) throws Exception {
    String credentials =
        "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Ada\"}";
    assertThat(post("/api/auth/register", credentials).statusCode()).isEqualTo(202);
    HttpResponse<String> login =
        post(
            "/api/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}");
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return field(login.body(), "accessToken");
  }

  private static String upload(String token, byte[] video) throws Exception {
    String boundary = "trace-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\""
                + "\r\nContent-Type: video/mp4\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    body.write(video);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(url("/api/videos"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return field(response.body(), "id");
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI url(String path) {
    return URI.create("http://127.0.0.1:" + runtime.httpPort() + path);
  }

  /** The first string value of the field in the JSON text. */
  private static String field(String json, String name) {
    Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(value.find()).as(name + " in " + json).isTrue();
    return value.group(1);
  }
}
