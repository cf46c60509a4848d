package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The {@code probe} subcommand as the operator's probe Job runs it: the source's presigned GET
 * only, the result in the result file with the duration and no frames, nothing written anywhere
 * else.
 */
class ProbeModeIT {

  @TempDir static Path storeDir;
  static InProcessS3 store;

  @TempDir Path dir;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void startStore() {
    store = InProcessS3.start(storeDir, "uploads", "results");
  }

  @AfterAll
  static void stopStore() {
    store.close();
  }

  @Test
  void aPresignedSourceIsProbedForItsDurationAndNothingIsWritten() throws Exception {
    String url = upload("videos/seven/source", Files.readAllBytes(TestVideos.mp4(dir, 7)));

    int exit = probe(url);

    assertThat(exit).as(err()).isZero();
    JsonNode result = result();
    assertThat(result.get("status").asText()).isEqualTo("succeeded");
    assertThat(result.get("frames").asInt()).isZero();
    assertThat(result.get("bytes").asLong()).isZero();
    assertThat(result.get("videoDurationSeconds").asDouble()).isEqualTo(7.0);
    assertThat(result.get("output").asText()).isEqualTo("s3://results/videos/seven/frames.zip");
    assertThat(store.exists("results", "videos/seven/frames.zip")).isFalse();
    // the scratch directory is left empty
    try (var left = Files.list(dir.resolve("work"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void notAVideoFailsAsBadInputWithTheReasonAnExtractionWouldGive() throws Exception {
    String url = upload("videos/text/source", TestVideos.notAVideo());

    int exit = probe(url);

    assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
    JsonNode result = result();
    assertThat(result.get("status").asText()).isEqualTo("failed");
    assertThat(result.get("reason").asText()).startsWith("not a video");
  }

  @Test
  void aVideoLongerThanTheLimitFailsAsBadInputAtTheProbe() throws Exception {
    String url = upload("videos/long/source", Files.readAllBytes(TestVideos.mp4(dir, 5)));

    int exit = probe(url, "--max-duration-seconds", "2");

    assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result().get("reason").asText()).startsWith("the video is longer than");
  }

  @Test
  void aProbeTakesNoSlices() throws Exception {
    String url = upload("videos/both/source", Files.readAllBytes(TestVideos.mp4(dir, 2)));

    assertThat(probe(url, "--slices", "2")).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result().get("reason").asText()).startsWith(FailureReason.INVALID_OPTIONS.text());
  }

  private String upload(String key, byte[] bytes) {
    store.client().putObject(b -> b.bucket("uploads").key(key), RequestBody.fromBytes(bytes));
    return store
        .presigner()
        .presignGetObject(
            p ->
                p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("uploads").key(key)))
        .url()
        .toString();
  }

  private int probe(String url, String... more) throws Exception {
    String key = url.replaceAll(".*/uploads/videos/([^/]+)/source.*", "$1");
    String[] base = {
      "probe",
      "--source",
      url,
      "--output",
      "s3://results/videos/" + key + "/frames.zip",
      "--result-file",
      dir.resolve("result.json").toString(),
      "--work-dir",
      Files.createDirectories(dir.resolve("work")).toString()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    // no S3 variables: the probe Job has no credentials, only the URL
    return ExtractorCli.run(
        args,
        Map.of("FRAMEFLOW_FFMPEG_PATH", Ffmpeg.at(TestVideos.ffmpegBinary()).binary().toString()),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private JsonNode result() throws Exception {
    return new ObjectMapper().readTree(Files.readAllBytes(dir.resolve("result.json")));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
