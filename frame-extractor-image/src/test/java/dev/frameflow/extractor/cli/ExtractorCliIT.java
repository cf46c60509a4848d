package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.testing.ZipContents;
import dev.frameflow.objectstreams.MultipartUploadPresigner;
import dev.frameflow.objectstreams.QueryStringPresigner;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CLI exactly as the Job runs it (arguments, environment, result file), in-process, against an
 * S3-compatible server in this JVM with the real AWS SDK.
 */
class ExtractorCliIT {

  @TempDir static Path storeDir;
  static InProcessS3 store;
  static S3Client s3;

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void startStore() throws Exception {
    store = InProcessS3.start(storeDir, "uploads", "results");
    s3 = store.client();
  }

  @AfterAll
  static void stopStore() throws Exception {
    s3.close();
    store.close();
  }

  @Test
  void aVideoOnS3BecomesAZipOnS3LargerThanOneMultipartPart() throws Exception {
    s3.putObject(
        b -> b.bucket("uploads").key("videos/noisy/source"),
        RequestBody.fromFile(TestVideos.noisyMp4(3)));
    Map<String, String> env = new HashMap<>(store.environment());
    env.put("FRAMEFLOW_S3_PART_SIZE_MB", "5");
    Path work = Files.createDirectories(dir.resolve("work"));

    int exit =
        run(
            env,
            "extract",
            "--source",
            "s3://uploads/videos/noisy/source",
            "--output",
            "s3://results/videos/noisy/frames.zip",
            "--result-file",
            dir.resolve("result.json").toString(),
            "--work-dir",
            work.toString(),
            "--fps",
            "5",
            "--format",
            "png");

    assertThat(exit).as(err()).isZero();
    byte[] zip =
        s3.getObjectAsBytes(b -> b.bucket("results").key("videos/noisy/frames.zip")).asByteArray();
    assertThat(zip.length).isGreaterThan(5 * 1024 * 1024);
    ZipContents contents = ZipContents.of(zip);
    assertThat(contents.frameNames()).hasSize(15).allMatch(name -> name.endsWith(".png"));
    assertThat(contents.frameNames().get(14)).isEqualTo("frame-000015-2.800s.png");
    assertThat(ZipContents.streamedEntryCount(zip)).isEqualTo(16);
    // a multipart upload's ETag is the hash of the part hashes, suffixed with the part count
    String etag = s3.headObject(b -> b.bucket("results").key("videos/noisy/frames.zip")).eTag();
    assertThat(etag).matches("\"?[0-9a-f]+-[2-9]\"?");

    JsonNode result = resultFile();
    assertThat(result.get("status").asText()).isEqualTo("succeeded");
    assertThat(result.get("exitCode").asInt()).isZero();
    assertThat(result.get("frames").asInt()).isEqualTo(15);
    assertThat(result.get("output").asText()).isEqualTo("s3://results/videos/noisy/frames.zip");
    assertThat(result.get("bytes").asLong()).isEqualTo(zip.length);
    assertThat(result.get("videoDurationSeconds").asDouble()).isEqualTo(3.0);
    assertThat(result.get("elapsedMillis").asLong()).isPositive();
    assertThat(result.get("reason").isNull()).isTrue();
    assertThat(fieldNames(result))
        .containsExactly(
            "status",
            "exitCode",
            "frames",
            "output",
            "bytes",
            "videoDurationSeconds",
            "elapsedMillis",
            "reason");
    assertThat(out().lines().filter(line -> line.startsWith("progress ")))
        .isNotEmpty()
        .last()
        .isEqualTo("progress 100%");
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void badInputExitsWithTwoTheDetailOnStderrAndTheFixedReasonInTheResult() throws Exception {
    Map<Path, String> reasons = new java.util.LinkedHashMap<>();
    Map<Path, String> userReasons = new java.util.HashMap<>();
    reasons.put(TestVideos.emptyMp4(), "not a video: the file is empty (0 bytes)");
    userReasons.put(TestVideos.emptyMp4(), "not a video: the file is empty");
    reasons.put(TestVideos.pngNamedMp4(), "not a video: a still image (png)");
    userReasons.put(TestVideos.pngNamedMp4(), "not a video: a still image");
    reasons.put(TestVideos.audioOnlyMp4(), "not a video: audio only, no video stream");
    userReasons.put(TestVideos.audioOnlyMp4(), "not a video: audio only");
    reasons.put(
        TestVideos.truncatedMp4(), "not a video: truncated or corrupt file (moov atom not found)");
    userReasons.put(
        TestVideos.truncatedMp4(), "not a video: the file could not be read as a video");
    for (var bad : reasons.entrySet()) {
      out.reset();
      err.reset();
      int exit =
          run(
              Map.of(),
              "extract",
              "--source",
              bad.getKey().toString(),
              "--output",
              dir.resolve("out.zip").toString(),
              "--work-dir",
              dir.toString(),
              "--result-file",
              dir.resolve("result.json").toString());

      assertThat(exit).as(bad.getKey().toString()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(err()).isEqualTo(bad.getValue() + System.lineSeparator());
      JsonNode result = resultFile();
      assertThat(result.get("status").asText()).isEqualTo("failed");
      assertThat(result.get("exitCode").asInt()).isEqualTo(2);
      assertThat(result.get("reason").asText()).isEqualTo(userReasons.get(bad.getKey()));
      // users never read where the file was
      assertThat(result.get("reason").asText()).doesNotContain(dir.toString());
      assertThat(dir.resolve("out.zip")).doesNotExist();
    }
  }

  @Test
  void withJsonLogsEveryLineIsOneJsonObjectWithTheProgressAndTheResult() throws Exception {
    Path video = TestVideos.h264Mp4();
    Path work = Files.createDirectories(dir.resolve("work-json"));
    int exit =
        run(
            Map.of("FRAMEFLOW_LOG_JSON", "true"),
            "extract",
            "--source",
            video.toString(),
            "--output",
            dir.resolve("json.zip").toString(),
            "--work-dir",
            work.toString());
    assertThat(exit).as(err()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out().lines().toList()) {
      lines.add(new ObjectMapper().readTree(line));
    }
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.get("log.level")).isNotNull());
    assertThat(lines.stream().filter(l -> l.has("frameflow.progress")))
        .last()
        .satisfies(l -> assertThat(l.get("frameflow.progress").asInt()).isEqualTo(100));
    assertThat(lines.get(lines.size() - 1).get("frameflow.result").get("status").asText())
        .isEqualTo("succeeded");

    out.reset();
    err.reset();
    int bad =
        run(
            Map.of("FRAMEFLOW_LOG_JSON", "true"),
            "extract",
            "--source",
            TestVideos.emptyMp4().toString(),
            "--output",
            dir.resolve("bad.zip").toString(),
            "--work-dir",
            work.toString());
    assertThat(bad).isEqualTo(ExitCodes.BAD_INPUT);
    JsonNode error = new ObjectMapper().readTree(err().strip());
    assertThat(error.get("log.level").asText()).isEqualTo("ERROR");
    assertThat(error.get("message").asText()).isEqualTo("not a video: the file is empty (0 bytes)");
  }

  @Test
  void badArgumentsAreBadInputToo() throws Exception {
    int exit =
        run(
            Map.of(),
            "extract",
            "--source",
            "in.mp4",
            "--output",
            "out.zip",
            "--fps",
            "1",
            "--interval-seconds",
            "10",
            "--result-file",
            dir.resolve("result.json").toString());
    assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(resultFile().get("reason").asText()).isEqualTo("the extraction options are invalid");
    assertThat(err())
        .contains("Error: --fps=R, --interval-seconds=N are mutually exclusive (specify only one)");

    assertThat(run(Map.of(), "extract", "--source", "in.mp4", "--frobnicate", "1")).isEqualTo(2);
    // a line without its subcommand, or with an unknown one, is malformed
    assertThat(run(Map.of())).isEqualTo(2);
    assertThat(run(Map.of(), "--source", "in.mp4", "--output", "out.zip")).isEqualTo(2);
    assertThat(run(Map.of(), "transcode", "--source", "in.mp4")).isEqualTo(2);
    out.reset();
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out())
        .startsWith("Usage: frame-extractor")
        .contains("extract", "probe", "slice", "assemble");
    out.reset();
    assertThat(run(Map.of(), "extract", "--help")).isZero();
    assertThat(out())
        .startsWith("Usage: frame-extractor extract")
        .contains("--source=https://URL|s3://bucket/key|PATH");
    assertThat(run(Map.of(), "extract", "--output", "out.zip")).isEqualTo(2);
    assertThat(run(Map.of(), "extract", "--source", "a", "--output", "b", "--quality", "1"))
        .isEqualTo(2);
  }

  @Test
  void aVideoOverTheDurationLimitIsRefused() throws Exception {
    int exit =
        run(
            Map.of(),
            "extract",
            "--source",
            TestVideos.h264Mp4().toString(),
            "--output",
            dir.resolve("out.zip").toString(),
            "--work-dir",
            dir.toString(),
            "--max-duration-seconds",
            "2");
    assertThat(exit).isEqualTo(2);
    assertThat(err()).startsWith("video too long: 4.0 s, the limit is 2 s");
  }

  @Test
  void aMissingSourceObjectIsPermanentAnUnreachableStoreTransient() throws Exception {
    int missing =
        run(
            store.environment(),
            "extract",
            "--source",
            "s3://uploads/videos/none/source",
            "--output",
            "s3://results/videos/none/frames.zip",
            "--work-dir",
            dir.toString());
    assertThat(missing).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err()).startsWith("source not found: s3://uploads/videos/none/source");

    err.reset();
    Map<String, String> unreachable = new HashMap<>(store.environment());
    unreachable.put("FRAMEFLOW_S3_ENDPOINT", "http://127.0.0.1:9");
    int exit =
        run(
            unreachable,
            "extract",
            "--source",
            "s3://uploads/videos/none/source",
            "--output",
            "s3://results/videos/none/frames.zip",
            "--work-dir",
            dir.toString(),
            "--result-file",
            dir.resolve("result.json").toString());
    assertThat(exit).isEqualTo(ExitCodes.TRANSIENT);
    assertThat(resultFile().get("reason").asText()).isEqualTo("the extraction failed on our side");
    assertThat(resultFile().get("exitCode").asInt()).isEqualTo(1);
    assertThat(resultFile().get("status").asText()).isEqualTo("failed");
  }

  @Test
  void aPresignedSourceIsReadInPlaceAndTheZipGoesThroughThePresignedUploadWithoutCredentials()
      throws Exception {
    s3.putObject(
        b -> b.bucket("uploads").key("videos/url/source"),
        RequestBody.fromFile(TestVideos.h264Mp4()));
    Path upload;
    String source;
    try (var presigner = store.presigner()) {
      source =
          presigner
              .presignGetObject(
                  p ->
                      p.signatureDuration(java.time.Duration.ofMinutes(5))
                          .getObjectRequest(g -> g.bucket("uploads").key("videos/url/source")))
              .url()
              .toString();
      upload = presignedUpload("videos/url/frames.zip", 3);
    }

    // no AWS variable at all: the URLs are everything the run may touch
    int exit =
        run(
            Map.of(),
            "extract",
            "--source",
            source,
            "--output",
            "s3://results/videos/url/frames.zip",
            "--upload",
            upload.toString(),
            "--work-dir",
            dir.toString(),
            "--result-file",
            dir.resolve("result.json").toString());

    assertThat(exit).as(err()).isZero();
    assertThat(resultFile().get("output").asText()).isEqualTo("s3://results/videos/url/frames.zip");
    ZipContents remote =
        ZipContents.of(
            s3.getObjectAsBytes(b -> b.bucket("results").key("videos/url/frames.zip"))
                .asByteArray());
    assertThat(remote.frameNumbers()).containsExactly(0, 30, 60, 90);
    // the manifest names the source without its signature
    assertThat(remote.manifest().get("source").asText())
        .startsWith("http://127.0.0.1:")
        .doesNotContain("X-Amz");

    // byte for byte what a local copy gives
    assertThat(
            run(
                Map.of(),
                "extract",
                "--source",
                TestVideos.h264Mp4().toString(),
                "--output",
                dir.resolve("local.zip").toString(),
                "--work-dir",
                dir.toString()))
        .isZero();
    List<byte[]> local = ZipContents.of(dir.resolve("local.zip")).frames();
    assertThat(remote.frames()).hasSameSizeAs(local);
    for (int i = 0; i < local.size(); i++) {
      assertThat(remote.frames().get(i)).as("frame %d", i).isEqualTo(local.get(i));
    }
    assertThat(remote.manifest().get("strategy").asText()).isEqualTo("sparse");

    // a dense plan (every frame) streams the URL itself: the same frames as from the file
    assertThat(
            run(
                Map.of(),
                "extract",
                "--source",
                source,
                "--output",
                dir.resolve("dense-url.zip").toString(),
                "--fps",
                "30",
                "--work-dir",
                dir.toString()))
        .as(err())
        .isZero();
    assertThat(
            run(
                Map.of(),
                "extract",
                "--source",
                TestVideos.h264Mp4().toString(),
                "--output",
                dir.resolve("dense-local.zip").toString(),
                "--fps",
                "30",
                "--work-dir",
                dir.toString()))
        .isZero();
    ZipContents denseUrl = ZipContents.of(dir.resolve("dense-url.zip"));
    assertThat(denseUrl.manifest().get("strategy").asText()).isEqualTo("dense");
    assertThat(denseUrl.frameNumbers()).hasSize(120);
    List<byte[]> denseLocal = ZipContents.of(dir.resolve("dense-local.zip")).frames();
    for (int i = 0; i < denseLocal.size(); i++) {
      assertThat(denseUrl.frames().get(i)).as("dense frame %d", i).isEqualTo(denseLocal.get(i));
    }
  }

  @Test
  void aZipLargerThanThePresignedUploadIsRefusedWithItsLimitAndLeavesNothing() throws Exception {
    // one part of 5 MiB: far less than the noisy PNG frames
    Path upload = presignedUpload("videos/big/frames.zip", 1);
    int exit =
        run(
            Map.of(),
            "extract",
            "--source",
            TestVideos.noisyMp4(3).toString(),
            "--output",
            "s3://results/videos/big/frames.zip",
            "--upload",
            upload.toString(),
            "--fps",
            "10",
            "--format",
            "png",
            "--work-dir",
            dir.toString(),
            "--result-file",
            dir.resolve("result.json").toString());

    assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(resultFile().get("reason").asText())
        .isEqualTo("the frames do not fit in the largest ZIP (5 MiB)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> s3.headObject(b -> b.bucket("results").key("videos/big/frames.zip")))
        .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
    assertThat(s3.listMultipartUploads(b -> b.bucket("results").prefix("videos/big/")).uploads())
        .isEmpty();
  }

  @Test
  void anUnreachableSourceUrlIsTransientAndSaysOnlyThatTheSourceCouldNotBeRead() throws Exception {
    int exit =
        run(
            Map.of(),
            "extract",
            "--source",
            "http://127.0.0.1:9/uploads/videos/x/source?X-Amz-Signature=secret",
            "--output",
            dir.resolve("out.zip").toString(),
            "--work-dir",
            dir.toString(),
            "--result-file",
            dir.resolve("result.json").toString());
    assertThat(exit).isEqualTo(ExitCodes.TRANSIENT);
    assertThat(resultFile().get("reason").asText()).isEqualTo("the source could not be read");
    assertThat(err()).doesNotContain("secret");
  }

  /**
   * What the operator does for a Job, with its presigner: an upload of {@code parts} parts of 5
   * MiB, presigned.
   */
  private static Path presignedUpload(String key, int parts) throws Exception {
    QueryStringPresigner presigner =
        new QueryStringPresigner(
            store.endpoint(),
            true,
            "us-east-1",
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY)));
    MultipartUploadPresigner.Urls urls =
        MultipartUploadPresigner.presign(
            s3, presigner, "results", key, "application/zip", parts, Duration.ofMinutes(5));
    Path file = Files.createTempFile(storeDir, "upload", ".json");
    new ObjectMapper()
        .writeValue(
            file.toFile(),
            dev.frameflow.contracts.upload.PresignedAccess.of(
                5 * 1024 * 1024, urls.parts(), urls.complete(), urls.abort()));
    return file;
  }

  @Test
  void aFailedUploadLeavesNoObjectBehind() throws Exception {
    int exit =
        run(
            store.environment(),
            "extract",
            "--source",
            TestVideos.truncatedFastStartMp4().toString(),
            "--output",
            "s3://results/videos/broken/frames.zip",
            "--work-dir",
            dir.toString());
    assertThat(exit).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> s3.headObject(b -> b.bucket("results").key("videos/broken/frames.zip")))
        .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
    assertThat(
            s3.listMultipartUploads(b -> b.bucket("results")).uploads().stream()
                .filter(u -> u.key().equals("videos/broken/frames.zip")))
        .isEmpty();
  }

  private int run(Map<String, String> env, String... args) {
    // as the image names its ffmpeg (FRAMEFLOW_FFMPEG_PATH), the test names the one it generated
    // the videos with
    Map<String, String> withFfmpeg = new HashMap<>(env);
    withFfmpeg.putIfAbsent(
        "FRAMEFLOW_FFMPEG_PATH", Ffmpeg.at(TestVideos.ffmpegBinary()).binary().toString());
    return ExtractorCli.run(
        args,
        withFfmpeg,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private JsonNode resultFile() throws Exception {
    byte[] bytes = Files.readAllBytes(dir.resolve("result.json"));
    assertThat(bytes.length).isLessThanOrEqualTo(4096);
    return new ObjectMapper().readTree(bytes);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
