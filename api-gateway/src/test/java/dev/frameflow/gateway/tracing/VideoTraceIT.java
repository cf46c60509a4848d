package dev.frameflow.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.frameflow.gateway.outbox.OutboxRelay;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.RecordedSpans;
import dev.frameflow.gateway.video.VideoService;
import dev.frameflow.testing.TestVideos;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * One trace per video, on the gateway's side: the upload begins it, the outbox relay and the
 * published message carry it on; the operator's {@code video.status} message brings it back, and
 * the email and the webhook attempts continue it. Spans are read from the in-memory exporter
 * ({@link RecordedSpans}), messages from the real RabbitMQ.
 */
class VideoTraceIT extends GatewayIntegrationTest {

  @Test
  void oneUploadIsOneTraceFromItsStorageToTheMessageTheOperatorReceives() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    Message published = takeUploadedMessage(videoId, Duration.ofSeconds(15));
    String id = videoId.toString();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !RecordedSpans.named("video.upload", id).isEmpty()
                    && !RecordedSpans.named("outbox.relay", id).isEmpty());
    SpanData upload = RecordedSpans.named("video.upload", id).get(0);
    SpanData store = single(RecordedSpans.named("video.store", id));
    SpanData relay = RecordedSpans.named("outbox.relay", id).get(0);

    assertThat(List.of(store.getTraceId(), relay.getTraceId())).containsOnly(upload.getTraceId());
    assertThat(store.getParentSpanId()).isEqualTo(upload.getSpanId());
    // the relay runs later, on another thread, from the context the outbox row kept
    assertThat(relay.getParentSpanId()).isEqualTo(upload.getSpanId());
    assertThat(relay.getStartEpochNanos()).isGreaterThanOrEqualTo(store.getEndEpochNanos());
    // the operator continues from the relay's span
    assertThat(published.getMessageProperties().<Object>getHeader("traceparent"))
        .isEqualTo("00-" + upload.getTraceId() + "-" + relay.getSpanId() + "-01");
  }

  /**
   * A resumable (tus) upload: the PATCH that completes it is the video's {@code video.upload} span
   * (begun with that PATCH, not at the upload's creation), storing the last part is its child, and
   * the outbox row keeps its context, so the relay and the operator continue the same trace.
   */
  @Test
  void theTusPatchThatCompletesAnUploadBeginsTheVideosTrace() {
    String token = login(newUser());
    byte[] video = TestVideos.oneSecond("mkv");
    String location = newTusUpload(token, video.length);
    assertThat(tusPatch(location, token, 0, Arrays.copyOf(video, 100)).statusCode()).isEqualTo(204);
    long lastPatchSent = epochNanos(Instant.now());
    HttpResponse<String> last =
        tusPatch(location, token, 100, Arrays.copyOfRange(video, 100, video.length));
    assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
    UUID videoId = UUID.fromString(last.headers().firstValue("Frameflow-Video-Id").orElseThrow());
    String id = videoId.toString();
    Message published = takeUploadedMessage(videoId, Duration.ofSeconds(15));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !RecordedSpans.named("video.upload", id).isEmpty()
                    && !RecordedSpans.named("outbox.relay", id).isEmpty());
    SpanData upload = single(RecordedSpans.named("video.upload", id));
    SpanData store = single(RecordedSpans.named("video.store", id));
    SpanData relay = single(RecordedSpans.named("outbox.relay", id));

    assertThat(upload.getStartEpochNanos())
        .as("begun with the PATCH that completed the upload")
        .isGreaterThanOrEqualTo(lastPatchSent);
    assertThat(upload.getAttributes().asMap().toString())
        .contains("upload.resumable.id=" + location.substring(location.lastIndexOf('/') + 1));
    assertThat(store.getParentSpanId()).isEqualTo(upload.getSpanId());
    assertThat(relay.getTraceId()).isEqualTo(upload.getTraceId());
    assertThat(relay.getParentSpanId())
        .as("the outbox row's context")
        .isEqualTo(upload.getSpanId());
    assertThat(published.getMessageProperties().<Object>getHeader("traceparent"))
        .isEqualTo("00-" + upload.getTraceId() + "-" + relay.getSpanId() + "-01");
  }

  @Test
  void aStatusMessageIsConsumedInTheOperatorsTraceAndTheEmailAndWebhookFollowInIt()
      throws Exception {
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    try {
      String token = login(newUser());
      String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      registerWebhook(token, hook, "video.succeeded");
      UUID videoId = uploadVideo(token);
      String id = videoId.toString();
      // the operator's trace for this video, and the span that reported each status
      String operatorTrace =
          RecordedSpans.TEST_TRACE_PREFIX + HexFormat.of().formatHex(randomBytes(14));
      String processingSpan = HexFormat.of().formatHex(randomBytes(8));
      String succeededSpan = HexFormat.of().formatHex(randomBytes(8));

      publishStatus(
          statusEvent(UUID.randomUUID(), videoId, "PROCESSING", "\"progressPercent\": 10"),
          operatorTrace,
          processingSpan);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  "PROCESSING"
                      .equals(body(get("/api/videos/" + videoId, token)).get("status").asString()));
      publishStatus(
          statusEvent(UUID.randomUUID(), videoId, "SUCCEEDED", "\"frames\": 7, \"bytes\": 1234"),
          operatorTrace,
          succeededSpan);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  !RecordedSpans.named("video.email", id).isEmpty()
                      && !RecordedSpans.named("webhook.attempt", id).isEmpty());
      SpanData consumed =
          single(
              RecordedSpans.inTrace(operatorTrace).stream()
                  .filter(span -> span.getName().equals("video.status consume"))
                  .filter(span -> span.getParentSpanId().equals(succeededSpan))
                  .toList());
      assertThat(consumed.getAttributes().asMap().values()).contains(id);
      SpanData email = RecordedSpans.named("video.email", id).get(0);
      SpanData webhook = RecordedSpans.named("webhook.attempt", id).get(0);
      assertThat(List.of(email.getTraceId(), webhook.getTraceId())).containsOnly(operatorTrace);
      assertThat(email.getParentSpanId()).isEqualTo(consumed.getSpanId());
      assertThat(webhook.getParentSpanId()).isEqualTo(consumed.getSpanId());
      assertThat(email.getStartEpochNanos()).isGreaterThanOrEqualTo(consumed.getEndEpochNanos());
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void theLinesAboutAVideoCarryItsIdAndItsTrace() {
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    Logger service = (Logger) LoggerFactory.getLogger(VideoService.class);
    Logger relay = (Logger) LoggerFactory.getLogger(OutboxRelay.class);
    lines.setContext(service.getLoggerContext());
    lines.start();
    service.addAppender(lines);
    relay.addAppender(lines);
    try {
      String token = login(newUser());
      UUID videoId = uploadVideo(token);
      String id = videoId.toString();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !RecordedSpans.named("outbox.relay", id).isEmpty());
      String trace = RecordedSpans.named("video.upload", id).get(0).getTraceId();

      List<Map<String, String>> about =
          lines.list.stream()
              .filter(line -> id.equals(line.getMDCPropertyMap().get("video_id")))
              .map(ILoggingEvent::getMDCPropertyMap)
              .toList();
      List<String> messages =
          lines.list.stream()
              .filter(line -> id.equals(line.getMDCPropertyMap().get("video_id")))
              .map(ILoggingEvent::getFormattedMessage)
              .toList();
      assertThat(messages)
          .anyMatch(line -> line.startsWith("video " + id + " accepted"))
          .anyMatch(line -> line.startsWith("video " + id + " queued"));
      assertThat(about)
          .isNotEmpty()
          .allSatisfy(
              fields -> {
                assertThat(fields.get("trace_id")).isEqualTo(trace);
                assertThat(fields.get("span_id")).matches("[0-9a-f]{16}");
              });
    } finally {
      service.detachAppender(lines);
      relay.detachAppender(lines);
    }
  }

  private Message takeUploadedMessage(UUID videoId, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      Message message = rabbit.receive(PROBE_QUEUE, 300);
      if (message != null
          && json.readTree(message.getBody()).get("videoId").asString().equals(videoId.toString())
          && "video.uploaded".equals(message.getMessageProperties().getType())) {
        return message;
      }
    }
    throw new AssertionError("no video.uploaded for " + videoId);
  }

  private void publishStatus(String eventJson, String traceId, String parentSpanId) {
    MessageProperties properties = new MessageProperties();
    properties.setContentType("application/json");
    properties.setHeader("traceparent", "00-" + traceId + "-" + parentSpanId + "-01");
    rabbit.send(EXCHANGE, "video.status", new Message(eventJson.getBytes(), properties));
  }

  private HttpResponse<String> tusPatch(String location, String token, long offset, byte[] bytes) {
    return send(
        tusRequest(location, token, "PATCH", bytes)
            .header("Upload-Offset", String.valueOf(offset))
            .header("Content-Type", "application/offset+octet-stream")
            .build());
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static SpanData single(List<SpanData> spans) {
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }
}
