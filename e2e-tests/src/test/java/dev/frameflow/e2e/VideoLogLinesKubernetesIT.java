package dev.frameflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.KubernetesChain;
import dev.frameflow.e2e.support.Media;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * Issue 30's INFO lines, as the JSON console writes them (ECS: what {@code FRAMEFLOW_LOG_JSON} and
 * a pod select), for one video on the Kubernetes path: the api-gateway logs it accepted, queued,
 * started, finished with the duration, and notified; the operator accepted, started and finished
 * with the duration. Each line has {@code video_id}, {@code trace_id} and {@code span_id} as JSON
 * fields, and the durations are a field {@code duration_ms} within the time the test measured.
 */
class VideoLogLinesKubernetesIT {

  @TempDir Path media;

  @Test
  void aVideosInfoLinesNameItAndItsTraceAndSayHowLongItTook() throws Exception {
    KubernetesChain chain = KubernetesChain.get();
    FrameflowApi api = chain.api();
    try (JsonLines lines = JsonLines.capture()) {
      String token = api.registerAndLogin("logan-" + UUID.randomUUID() + "@example.org");
      long began = System.nanoTime();
      String videoId = api.uploadVideo(token, Media.video(media, 2), Map.of("fps", "1"));
      assertThat(
              FrameflowApi.field(
                  api.awaitFinished(token, videoId, Duration.ofMinutes(3)), "status"))
          .isEqualTo("SUCCEEDED");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lines.about(videoId, "dev.frameflow.gateway", "notified").size() > 0);
      long tookMillis = Duration.ofNanos(System.nanoTime() - began).toMillis();

      for (String step : List.of("accepted", "queued", "started", "finished", "notified")) {
        assertThat(lines.about(videoId, "dev.frameflow.gateway", step))
            .as("the api-gateway's '%s' line", step)
            .isNotEmpty()
            .allSatisfy(line -> hasVideoAndTrace(line, videoId));
      }
      for (String step : List.of("accepted", "started", "finished")) {
        assertThat(lines.about(videoId, "dev.frameflow.operator", step))
            .as("the operator's '%s' line", step)
            .isNotEmpty()
            .allSatisfy(line -> hasVideoAndTrace(line, videoId));
      }
      for (String service : List.of("dev.frameflow.gateway", "dev.frameflow.operator")) {
        JsonNode finished = lines.about(videoId, service, "finished").get(0);
        assertThat(finished.path("duration_ms").isNumber())
            .as("%s: duration_ms is a number in %s", service, finished)
            .isTrue();
        // the operator counts from the VideoJob's creationTimestamp, which Kubernetes keeps to the
        // second: its figure may be up to a second more than what the test saw
        long slack = service.equals("dev.frameflow.operator") ? 1000 : 0;
        assertThat(finished.get("duration_ms").asLong())
            .isPositive()
            .isLessThan(tookMillis + slack);
        assertThat(finished.get("message").asText())
            .contains(" " + finished.get("duration_ms").asLong() + " ms");
      }
    }
  }

  private static void hasVideoAndTrace(JsonNode line, String videoId) {
    assertThat(line.path("video_id").asText()).as("%s", line).isEqualTo(videoId);
    assertThat(line.path("trace_id").asText()).as("%s", line).matches("[0-9a-f]{32}");
    assertThat(line.path("span_id").asText()).as("%s", line).matches("[0-9a-f]{16}");
  }

  /**
   * Every line logged in this JVM (the api-gateway's and the operator's), encoded as the JSON
   * console encodes it, while open.
   */
  static final class JsonLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
    private final StructuredLogEncoder encoder = new StructuredLogEncoder();
    private final Logger root;

    private JsonLines(Logger root) {
      this.root = root;
    }

    static JsonLines capture() {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      if (context.getObject(Environment.class.getName()) == null) {
        context.putObject(Environment.class.getName(), new StandardEnvironment());
      }
      JsonLines lines = new JsonLines(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
      lines.setContext(context);
      lines.encoder.setContext(context);
      lines.encoder.setFormat("ecs");
      lines.encoder.start();
      lines.start();
      lines.root.addAppender(lines);
      return lines;
    }

    @Override
    protected void append(ILoggingEvent event) {
      try {
        lines.add(JSON.readTree(new String(encoder.encode(event), StandardCharsets.UTF_8)));
      } catch (Exception e) {
        throw new IllegalStateException("not one JSON line: " + event.getFormattedMessage(), e);
      }
    }

    /** INFO lines of {@code loggerPrefix} whose message is "video {id} {step}...". */
    List<JsonNode> about(String videoId, String loggerPrefix, String step) {
      return lines.stream()
          .filter(line -> "INFO".equals(field(line, "log", "level")))
          .filter(line -> field(line, "log", "logger").startsWith(loggerPrefix))
          .filter(line -> line.path("message").asText().startsWith("video " + videoId + " " + step))
          .toList();
    }

    /** An ECS field, flat ("log.level") or nested ({"log": {"level": ...}}). */
    private static String field(JsonNode line, String object, String name) {
      JsonNode flat = line.get(object + "." + name);
      return flat != null ? flat.asText() : line.path(object).path(name).asText();
    }

    @Override
    public void close() {
      root.detachAppender(this);
      stop();
    }
  }
}
