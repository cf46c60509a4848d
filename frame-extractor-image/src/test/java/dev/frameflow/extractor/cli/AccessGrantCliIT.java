package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.testing.ZipContents;
import dev.frameflow.objectstreams.MultipartUploadPresigner;
import dev.frameflow.objectstreams.QueryStringPresigner;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CLI as a Job without a Secret runs it: {@code --source} and {@code --output} only name the
 * objects, the URLs come from an HTTP endpoint standing in for the operator's access endpoint
 * (checking the pod's token), presigned against an S3-compatible server in this JVM that checks
 * signatures. The environment has no AWS variable: the grant is all the run may touch.
 */
class AccessGrantCliIT {

  static final String TOKEN = "projected-token-of-the-pod";

  @TempDir static Path storeDir;
  static InProcessS3 store;
  static S3Client s3;
  static QueryStringPresigner presigner;

  @TempDir Path dir;
  HttpServer operator;
  final AtomicReference<byte[]> grantJson = new AtomicReference<>();
  final AtomicReference<Integer> status = new AtomicReference<>(200);
  final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void startStore() {
    store = InProcessS3.start(storeDir, "uploads", "results");
    s3 = store.client();
    presigner =
        new QueryStringPresigner(
            store.endpoint(),
            true,
            "us-east-1",
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY)));
    s3.putObject(
        b -> b.bucket("uploads").key("videos/g/source"),
        RequestBody.fromFile(TestVideos.h264Mp4()));
  }

  @AfterAll
  static void stopStore() {
    s3.close();
    store.close();
  }

  @BeforeEach
  void startOperator() throws Exception {
    Files.writeString(dir.resolve("token"), TOKEN + "\n");
    operator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    operator.createContext(
        AccessGrant.PATH,
        exchange -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(authorization);
          byte[] body = grantJson.get();
          int answer = ("Bearer " + TOKEN).equals(authorization) ? status.get() : 401;
          if (answer != 200) {
            exchange.sendResponseHeaders(answer, -1);
          } else {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    operator.start();
  }

  @AfterEach
  void stopOperator() {
    operator.stop(0);
  }

  @Test
  void aOnePodGrantPutsTheZipInS3AsTheUploadFileDoes() throws Exception {
    grant(new AccessGrant(sourceUrl(), upload("videos/g/frames.zip"), null));

    int exit = cli(grantEnv(), "extract", "s3://results/videos/g/frames.zip");

    assertThat(exit).as(err()).isZero();
    assertThat(authorizations).containsExactly("Bearer " + TOKEN);
    assertThat(result().get("output").asText()).isEqualTo("s3://results/videos/g/frames.zip");
    assertThat(result().get("frames").asInt()).isEqualTo(4);
    ZipContents granted = ZipContents.of(store.get("results", "videos/g/frames.zip"));

    // the same run with the URLs on the command line instead of a grant
    Path uploadFile = dir.resolve("upload.json");
    new ObjectMapper().writeValue(uploadFile.toFile(), upload("videos/g/by-file.zip"));
    int byFile =
        run(
            withFfmpeg(Map.of()),
            "extract",
            "--source",
            sourceUrl(),
            "--output",
            "s3://results/videos/g/by-file.zip",
            "--upload",
            uploadFile.toString(),
            "--work-dir",
            work());
    assertThat(byFile).as(err()).isZero();
    ZipContents fromFile = ZipContents.of(store.get("results", "videos/g/by-file.zip"));

    assertThat(granted.frameNames()).hasSize(4).isEqualTo(fromFile.frameNames());
    for (int i = 0; i < fromFile.frames().size(); i++) {
      assertThat(granted.frames().get(i)).as("frame %d", i).isEqualTo(fromFile.frames().get(i));
    }
    assertThat(granted.manifest().get("source")).isEqualTo(fromFile.manifest().get("source"));
    assertThat(granted.manifest().get("source").asText()).doesNotContain("X-Amz");
    // the token and the URLs' signatures never reach the log
    assertThat(out() + err()).doesNotContain(TOKEN).doesNotContain("X-Amz-Signature");
  }

  @Test
  void aSliceGrantWritesThatIndexsSpillAndIndexObjectsOnly() throws Exception {
    String zipKey = "videos/s/frames.zip";
    String uploadId = s3.createMultipartUpload(b -> b.bucket("results").key(zipKey)).uploadId();
    grant(new AccessGrant(sourceUrl(), null, slice(zipKey, uploadId, 1)));
    Map<String, String> env = grantEnv();
    env.put(SliceAccess.COMPLETION_INDEX_VARIABLE, "1");

    int exit = cli(env, "slice", "s3://results/" + zipKey, "--fps", "2", "--slices", "2");

    assertThat(exit).as(err()).isZero();
    // a small part (under S3's 5 MiB minimum) goes to the index's spill object
    SliceIndex index =
        new ObjectMapper()
            .readValue(store.get("results", SliceAccess.indexObject(zipKey, 1)), SliceIndex.class);
    assertThat(index.slice()).isEqualTo(1);
    assertThat(index.slices()).isEqualTo(2);
    assertThat(index.inUpload()).isFalse();
    assertThat(index.entries()).hasSize(4);
    byte[] spill = store.get("results", SliceAccess.spillObject(zipKey, 1));
    assertThat((long) spill.length).isEqualTo(index.partBytes()).isPositive();
    assertThat(store.exists("results", SliceAccess.indexObject(zipKey, 0))).isFalse();
    assertThat(store.exists("results", SliceAccess.spillObject(zipKey, 0))).isFalse();

    // the same index written to a local directory: the same entries, the same bytes
    Path local = dir.resolve("local-parts");
    int byHand =
        run(
            withFfmpeg(Map.of()),
            "slice",
            "--source",
            sourceUrl(),
            "--output",
            local.toString(),
            "--fps",
            "2",
            "--slices",
            "2",
            "--slice-index",
            "1",
            "--work-dir",
            work());
    assertThat(byHand).as(err()).isZero();
    SliceIndex localIndex =
        new ObjectMapper().readValue(local.resolve("index-1.json").toFile(), SliceIndex.class);
    assertThat(index.entries()).isEqualTo(localIndex.entries());
    // byte for byte, but for each local header's modification time (the run's clock)
    assertThat(withoutTimes(spill, index))
        .isEqualTo(withoutTimes(Files.readAllBytes(local.resolve("part-1.zip")), localIndex));
  }

  /** The part with every local header's DOS time and date (bytes 10..13 of it) zeroed. */
  private static byte[] withoutTimes(byte[] part, SliceIndex index) {
    byte[] copy = part.clone();
    for (var entry : index.entries()) {
      assertThat(copy[(int) entry.offset()])
          .as("a local header at %d", entry.offset())
          .isEqualTo((byte) 'P');
      java.util.Arrays.fill(copy, (int) entry.offset() + 10, (int) entry.offset() + 14, (byte) 0);
    }
    return copy;
  }

  @Test
  void aOneSliceGrantUploadsItsPartToTheSharedMultipartUpload() throws Exception {
    String zipKey = "videos/one/frames.zip";
    String uploadId = s3.createMultipartUpload(b -> b.bucket("results").key(zipKey)).uploadId();
    grant(new AccessGrant(sourceUrl(), null, slice(zipKey, uploadId, 0)));

    // no JOB_COMPLETION_INDEX: the grant's index is the slice
    int exit = cli(grantEnv(), "slice", "s3://results/" + zipKey, "--fps", "2", "--slices", "1");

    assertThat(exit).as(err()).isZero();
    SliceIndex index =
        new ObjectMapper()
            .readValue(store.get("results", SliceAccess.indexObject(zipKey, 0)), SliceIndex.class);
    assertThat(index.partNumber()).isEqualTo(1);
    assertThat(index.etag()).isNotBlank();
    var parts = s3.listParts(b -> b.bucket("results").key(zipKey).uploadId(uploadId)).parts();
    assertThat(parts).hasSize(1);
    assertThat(parts.get(0).partNumber()).isEqualTo(1);
    assertThat(parts.get(0).size()).isEqualTo(index.partBytes());
    assertThat(store.exists("results", SliceAccess.spillObject(zipKey, 0))).isFalse();
  }

  @Test
  void anIndexWhoseCompletionIndexDiffersFromTheGrantsFailsTransientAndWritesNothing()
      throws Exception {
    String zipKey = "videos/other/frames.zip";
    String uploadId = s3.createMultipartUpload(b -> b.bucket("results").key(zipKey)).uploadId();
    grant(new AccessGrant(sourceUrl(), null, slice(zipKey, uploadId, 1)));
    Map<String, String> env = grantEnv();
    env.put(SliceAccess.COMPLETION_INDEX_VARIABLE, "0");

    int exit = cli(env, "slice", "s3://results/" + zipKey, "--fps", "2", "--slices", "2");

    assertThat(exit).isEqualTo(ExitCodes.TRANSIENT);
    assertThat(err())
        .contains(
            "access grant mismatch: the grant is for index 1, this pod is"
                + " JOB_COMPLETION_INDEX=0");
    assertThat(result().get("reason").asText()).isEqualTo(FailureReason.INTERNAL.text());
    for (int n = 0; n < 2; n++) {
      assertThat(store.exists("results", SliceAccess.indexObject(zipKey, n))).isFalse();
      assertThat(store.exists("results", SliceAccess.spillObject(zipKey, n))).isFalse();
    }
  }

  @Test
  void aProbeGrantGivesTheDurationFromTheSourceUrlAlone() throws Exception {
    grant(AccessGrant.probe(sourceUrl()));

    int exit = cli(grantEnv(), "probe", "s3://results/videos/g/frames.zip");

    assertThat(exit).as(err()).isZero();
    JsonNode result = result();
    assertThat(result.get("status").asText()).isEqualTo("succeeded");
    assertThat(result.get("videoDurationSeconds").asDouble()).isEqualTo(4.0);
    assertThat(result.get("frames").asInt()).isZero();
  }

  @Test
  void aGrantOfTheWrongShapeFailsTransientNamingTheMismatch() throws Exception {
    String zipKey = "videos/shape/frames.zip";
    grant(new AccessGrant(sourceUrl(), null, slice(zipKey, "no-upload", 0)));
    assertThat(cli(grantEnv(), "extract", "s3://results/" + zipKey)).isEqualTo(ExitCodes.TRANSIENT);
    assertThat(err()).contains("access grant mismatch: a one-pod run got a slice grant");
    assertThat(store.exists("results", zipKey)).isFalse();

    err.reset();
    grant(new AccessGrant(sourceUrl(), upload("videos/shape/probe.zip"), null));
    assertThat(cli(grantEnv(), "probe", "s3://results/" + zipKey)).isEqualTo(ExitCodes.TRANSIENT);
    assertThat(err()).contains("access grant mismatch: a probe run got a one-pod grant");

    err.reset();
    grant(AccessGrant.probe(sourceUrl()));
    assertThat(cli(grantEnv(), "slice", "s3://results/" + zipKey, "--slices", "2"))
        .isEqualTo(ExitCodes.TRANSIENT);
    assertThat(err()).contains("access grant mismatch: a slice run got a probe grant");
    assertThat(result().get("reason").asText()).isEqualTo(FailureReason.INTERNAL.text());
  }

  @Test
  void aPodTheOperatorRefusesFailsTransientAtOnceWithoutTheToken() throws Exception {
    grant(AccessGrant.probe(sourceUrl()));
    status.set(403);

    int exit = cli(grantEnv(), "probe", "s3://results/videos/g/frames.zip");

    assertThat(exit).isEqualTo(ExitCodes.TRANSIENT);
    assertThat(authorizations).hasSize(1);
    assertThat(err())
        .contains("access grant from 127.0.0.1:" + operator.getAddress().getPort() + ": HTTP 403")
        .contains("not entitled")
        .doesNotContain(TOKEN);
    assertThat(result().get("exitCode").asInt()).isEqualTo(1);
    assertThat(result().get("reason").asText()).isEqualTo(FailureReason.INTERNAL.text());
  }

  /** What the operator does for a one-pod Job: the ZIP's multipart upload, presigned. */
  private PresignedAccess upload(String key) {
    MultipartUploadPresigner.Urls urls =
        MultipartUploadPresigner.presign(
            s3, presigner, "results", key, "application/zip", 3, Duration.ofMinutes(5));
    return PresignedAccess.of(5 * 1024 * 1024, urls.parts(), urls.complete(), urls.abort());
  }

  /** What the operator does for index {@code n}: its part, spill and index URLs only. */
  private static AccessGrant.SliceGrant slice(String zipKey, String uploadId, int n) {
    Duration valid = Duration.ofMinutes(5);
    return new AccessGrant.SliceGrant(
        n,
        presigner.uploadPart("results", zipKey, uploadId, SliceAccess.partNumber(n), valid),
        presigner.putObject("results", SliceAccess.spillObject(zipKey, n), valid),
        presigner.putObject("results", SliceAccess.indexObject(zipKey, n), valid));
  }

  private static String sourceUrl() {
    return presigner.getObject("uploads", "videos/g/source", Duration.ofMinutes(5));
  }

  private void grant(AccessGrant grant) throws Exception {
    grantJson.set(new ObjectMapper().writeValueAsBytes(grant));
  }

  /** The Job's environment: the endpoint and the token file, no AWS variable. */
  private Map<String, String> grantEnv() {
    Map<String, String> env = new HashMap<>();
    env.put(
        AccessGrant.URL_VARIABLE,
        "http://127.0.0.1:" + operator.getAddress().getPort() + AccessGrant.PATH);
    env.put(AccessGrant.TOKEN_FILE_VARIABLE, dir.resolve("token").toString());
    env.put(AccessGrantClient.WAIT_VARIABLE, "5");
    return withFfmpeg(env);
  }

  /** As the Job runs it: the source only named, like the output. */
  private int cli(Map<String, String> env, String command, String output, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--source",
                "s3://uploads/videos/g/source",
                "--output",
                output,
                "--work-dir",
                work(),
                "--result-file",
                dir.resolve("result.json").toString()));
    args.addAll(List.of(more));
    assertThat(env).doesNotContainKeys("AWS_ACCESS_KEY_ID", "FRAMEFLOW_S3_ENDPOINT");
    return run(env, args.toArray(String[]::new));
  }

  private String work() throws Exception {
    return Files.createDirectories(dir.resolve("work")).toString();
  }

  private static Map<String, String> withFfmpeg(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("FRAMEFLOW_FFMPEG_PATH", Ffmpeg.at(TestVideos.ffmpegBinary()).binary().toString());
    return all;
  }

  private int run(Map<String, String> env, String... args) {
    return ExtractorCli.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private JsonNode result() throws Exception {
    return new ObjectMapper().readTree(Files.readAllBytes(dir.resolve("result.json")));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
