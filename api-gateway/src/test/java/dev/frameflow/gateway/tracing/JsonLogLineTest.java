package dev.frameflow.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A line about a video, as the JSON console (ECS, what FRAMEFLOW_LOG_JSON and the prod profile
 * select) writes it: trace_id, span_id and video_id are fields a log query can match, not words in
 * the message.
 */
class JsonLogLineTest {

  @Test
  void theTraceAndVideoFieldsAreFieldsOfTheJsonLine() {
    LoggerContext context = new LoggerContext();
    context.putObject(Environment.class.getName(), new MockEnvironment());
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setContext(context);
    encoder.setFormat("ecs");
    encoder.start();
    Logger logger = context.getLogger("dev.frameflow.gateway.video.VideoService");
    LoggingEvent line =
        new LoggingEvent(
            Logger.class.getName(),
            logger,
            Level.INFO,
            "video {} accepted",
            null,
            new Object[] {"v1"});
    line.setMDCPropertyMap(
        Map.of(
            TraceLogConfiguration.TRACE_ID, "0af7651916cd43dd8448eb211c80319c",
            TraceLogConfiguration.SPAN_ID, "b7ad6b7169203331",
            VideoLogContext.VIDEO_ID, "6f2c8e0a-0000-4000-8000-000000000001"));

    JsonNode json =
        JsonMapper.builder()
            .build()
            .readTree(new String(encoder.encode(line), StandardCharsets.UTF_8));

    assertThat(json.get("message").asString()).isEqualTo("video v1 accepted");
    assertThat(json.get("trace_id").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(json.get("span_id").asString()).isEqualTo("b7ad6b7169203331");
    assertThat(json.get("video_id").asString()).isEqualTo("6f2c8e0a-0000-4000-8000-000000000001");
  }
}
