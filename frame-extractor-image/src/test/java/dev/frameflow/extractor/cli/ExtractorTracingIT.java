package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.extractor.Phases;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.testing.OtlpReceiver;
import dev.frameflow.testing.OtlpReceiver.ReceivedSpan;
import dev.frameflow.testing.TestVideos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in the video's trace: run as a Job runs it ({@code TRACEPARENT}, {@code
 * FRAMEFLOW_VIDEO_ID}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}) against an OTLP/HTTP receiver on a real
 * socket; the spans arrive before {@link ExtractorCli#run} returns (flushed before exit).
 */
class ExtractorTracingIT {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_ID = "00f067aa0ba902b7";
  static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";
  static final String VIDEO_ID = "6c1b1a52-5a3e-4d5e-9a39-2f1f7d0e8a11";

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @Test
  void aRunWithTraceparentAndAnEndpointExportsItsPhasesAsChildrenOfThePodsParent()
      throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Map<String, String> env = jobEnvironment();
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint().toString());

      assertThat(extract(env)).as(out.toString(StandardCharsets.UTF_8)).isZero();

      List<ReceivedSpan> spans = receiver.trace(TRACE_ID);
      ReceivedSpan run =
          spans.stream()
              .filter(s -> s.name().equals("extractor extract"))
              .findFirst()
              .orElseThrow();
      assertThat(run.parentSpanId()).as("child of the pod's TRACEPARENT").isEqualTo(PARENT_ID);
      assertThat(run.service()).isEqualTo("frame-extractor");
      assertThat(run.attributes()).containsEntry("video.id", VIDEO_ID);
      List<ReceivedSpan> phases =
          spans.stream()
              .filter(s -> run.spanId().equals(s.parentSpanId()))
              .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
              .toList();
      assertThat(phases)
          .extracting(ReceivedSpan::name)
          .as("the phases, in the order they ran")
          .containsExactly(Phases.OPEN, Phases.INDEX, Phases.DECODE, Phases.ZIP, Phases.UPLOAD);
      assertThat(phases)
          .allSatisfy(
              phase -> {
                assertThat(phase.startNanos()).isGreaterThanOrEqualTo(run.startNanos());
                assertThat(phase.endNanos()).isLessThanOrEqualTo(run.endNanos());
              });
      assertThat(receiver.spans()).as("nothing outside the video's trace").hasSize(6);
    }
  }

  @Test
  void theJsonLogLinesCarryTheTraceAndTheVideoWithoutAnyEndpoint() throws Exception {
    Map<String, String> env = jobEnvironment();
    env.put("FRAMEFLOW_LOG_JSON", "true");

    assertThat(extract(env)).isZero();

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines)
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("\"trace_id\":\"" + TRACE_ID + "\"")
                    // no SDK, no span of its own: the lines belong to the span that made the pod
                    .contains("\"span_id\":\"" + PARENT_ID + "\"")
                    .contains("\"video_id\":\"" + VIDEO_ID + "\""));
  }

  @Test
  void aFailedRunMarksItsSpanAndStillExportsIt() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Map<String, String> env = jobEnvironment();
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint().toString());
      Path notAVideo = Files.writeString(dir.resolve("not-a-video.mp4"), "not a video");

      int exit = run(env, notAVideo);

      assertThat(exit).isEqualTo(2);
      ReceivedSpan run =
          receiver.trace(TRACE_ID).stream()
              .filter(s -> s.parentSpanId() != null && s.parentSpanId().equals(PARENT_ID))
              .findFirst()
              .orElseThrow();
      assertThat(run.attributes()).containsEntry("process.exit.code", "2");
    }
  }

  private Map<String, String> jobEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("TRACEPARENT", TRACEPARENT);
    env.put("FRAMEFLOW_VIDEO_ID", VIDEO_ID);
    env.put("FRAMEFLOW_FFMPEG_PATH", Ffmpeg.at(TestVideos.ffmpegBinary()).binary().toString());
    return env;
  }

  private int extract(Map<String, String> env) throws Exception {
    return run(env, TestVideos.h264Mp4());
  }

  private int run(Map<String, String> env, Path source) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    return ExtractorCli.run(
        new String[] {
          "extract",
          "--source",
          source.toString(),
          "--output",
          dir.resolve("frames.zip").toString(),
          "--work-dir",
          work.toString(),
          "--fps",
          "1"
        },
        env,
        print,
        print);
  }
}
