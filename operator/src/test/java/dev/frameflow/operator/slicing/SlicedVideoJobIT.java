package dev.frameflow.operator.slicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import dev.frameflow.videojob.VideoJobSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A video cut across pods, end to end on the mock API server: the operator runs an Indexed Job, the
 * test kubelet runs its indexes in parallel (each the real extractor, through its own presigned
 * URLs), the operator writes the ZIP's last part; the ZIP equals a one-pod run's entry for entry.
 */
class SlicedVideoJobIT {

  @TempDir static Path temp;
  static MockKubernetes kubernetes;
  static InProcessS3 s3;
  static TestBroker broker;
  static TestKubelet kubelet;
  static VideoJobOperator operator;
  static KubernetesClient client;

  @BeforeAll
  static void startEverything() {
    kubernetes = MockKubernetes.start();
    client = kubernetes.client();
    s3 = InProcessS3.start(temp.resolve("s3"));
    broker = TestBroker.connect();
    kubelet = TestKubelet.forS3(client, s3, temp.resolve("kubelet")).start();
    operator =
        OperatorFixture.start(
            client,
            OperatorFixture.properties(8),
            OperatorFixture.s3(s3),
            broker.statusPublisher());
  }

  @AfterAll
  static void stopEverything() {
    operator.stop();
    kubelet.close();
    broker.close();
    s3.close();
    kubernetes.close();
  }

  @Test
  void largePartsGoToTheSharedUploadAndTheZipEqualsTheOnePodZip() throws Exception {
    // noisy PNG frames (~0.9 MB each): each index's part is above S3's 5 MiB minimum
    Path video = noisyVideo(12);
    ExtractionOptions png = ExtractionOptions.builder().fps(2.0).format(ImageFormat.PNG).build();
    Map<String, byte[]> sliced = run(video, png, 2);
    assertThat(sliced).hasSize(25); // 24 frames and the manifest
  }

  @Test
  void smallPartsAreCopiedIntoTheLastPartAndTheZipStillEqualsTheOnePodZip() throws Exception {
    ExtractionOptions jpeg =
        ExtractionOptions.builder().fps(2.0).format(ImageFormat.JPEG).quality(5).build();
    Map<String, byte[]> sliced = run(TestVideos.mp4(temp, 6), jpeg, 3);
    assertThat(sliced).hasSize(13);
  }

  @Test
  void withPreviewTheMiddleIndexMakesItAndTheZipStillEqualsTheOnePodZip() throws Exception {
    ExtractionOptions jpeg =
        ExtractionOptions.builder().fps(2.0).format(ImageFormat.JPEG).preview(true).build();
    Map<String, byte[]> sliced = run(TestVideos.mp4(temp, 6), jpeg, 3);
    assertThat(sliced).hasSize(14); // 12 frames, the preview, the manifest
    assertThat(List.copyOf(sliced.keySet()).subList(12, 14))
        .containsExactly("preview.webp", "manifest.json");
    // an animated WebP: a RIFF/WEBP file with an animation chunk and 30 frames (3 s at 10 fps)
    byte[] webp = sliced.get("preview.webp");
    String text = new String(webp, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("RIFF").contains("WEBPVP8X", "ANIM");
    assertThat(text.split("ANMF", -1)).hasSize(31);
  }

  @Test
  void badInputInAnyIndexFailsTheWholeVideoJobAtOnceWithoutRetries() {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.notAVideo());
    client
        .resource(
            VideoJobFixtures.videoJob(
                videoId, VideoJobFixtures.spec(videoId).withSlicing(3, 1799.0)))
        .create();

    VideoJob failed = awaitPhase(videoId, Phase.Failed);

    assertThat(failed.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Failed");
              assertThat(c.getReason()).isEqualTo("BadInput");
            });
    assertThat(failed.getStatus().getSlices()).isEqualTo(3);
    Job job = client.batch().v1().jobs().withName(VideoJobNames.job(videoId)).get();
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    // one pod per index at most: nothing was retried
    assertThat(
            client
                .pods()
                .withLabel(MetadataKeys.JOB_NAME, VideoJobNames.job(videoId))
                .list()
                .getItems())
        .hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void aCancelledVideoLeavesNoObjectEvenOnesWrittenAfterTheCancel() throws Exception {
    UUID videoId = UUID.randomUUID();
    String zip = VideoJobFixtures.outputKey(videoId);
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 6));
    ExtractionOptions jpeg = ExtractionOptions.builder().fps(2.0).format(ImageFormat.JPEG).build();
    client
        .resource(
            VideoJobFixtures.videoJob(
                videoId,
                VideoJobFixtures.spec(videoId).withExtraction(jpeg).withSlicing(3, 1799.0)))
        .create();
    awaitPhase(videoId, Phase.Succeeded);
    assertThat(resultsOf(videoId)).contains(zip, SliceAccess.indexObject(zip, 2));

    // the owner deletes the video: the api-gateway deletes the ZIP; a pod still running (or a late
    // retry) writes again before the operator hears of the cancel
    s3.client().deleteObject(b -> b.bucket(InProcessS3.RESULTS).key(zip));
    s3.put(InProcessS3.RESULTS, zip, new byte[] {'P', 'K'});
    s3.put(InProcessS3.RESULTS, SliceAccess.spillObject(zip, 1), new byte[] {1, 2, 3});
    cancel(videoId);

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(resultsOf(videoId)).isEmpty());
  }

  @Test
  void aCancelWhileTheSlicesRunAbortsTheirUploadAndDeletesTheirSideObjects() throws Exception {
    UUID videoId = UUID.randomUUID();
    String jobName = VideoJobNames.job(videoId);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    kubelet.beforeEachContainer(
        (job, attempt) -> {
          if (jobName.equals(job.getMetadata().getName())) {
            release.await(30, TimeUnit.SECONDS);
          }
        });
    try {
      s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 6));
      client
          .resource(
              VideoJobFixtures.videoJob(
                  videoId, VideoJobFixtures.spec(videoId).withSlicing(3, 1799.0)))
          .create();
      String uploadId =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> {
                    Job job = client.batch().v1().jobs().withName(jobName).get();
                    return job == null
                        ? null
                        : job.getMetadata().getAnnotations().get(MetadataKeys.UPLOAD_ID);
                  },
                  java.util.Objects::nonNull);
      String zip = VideoJobFixtures.outputKey(videoId);
      // one index had written its side objects already
      s3.put(InProcessS3.RESULTS, SliceAccess.indexObject(zip, 0), new byte[] {'{', '}'});
      s3.put(InProcessS3.RESULTS, SliceAccess.spillObject(zip, 0), new byte[] {1});

      assertThat(
              s3.client()
                  .listMultipartUploads(
                      b -> b.bucket(InProcessS3.RESULTS).prefix("videos/" + videoId))
                  .uploads())
          .extracting(u -> u.uploadId())
          .contains(uploadId);

      cancel(videoId);
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                assertThat(resultsOf(videoId)).isEmpty();
                assertThat(
                        s3.client()
                            .listMultipartUploads(
                                b -> b.bucket(InProcessS3.RESULTS).prefix("videos/" + videoId))
                            .uploads())
                    .isEmpty();
              });
    } finally {
      release.countDown();
      kubelet.beforeEachContainer((job, attempt) -> {});
    }
  }

  /** What the bridge does on {@code video.cancelled}: marks the VideoJob cancelled, deletes it. */
  private static void cancel(UUID videoId) {
    var resource = client.resources(VideoJob.class).withName(VideoJobNames.videoJob(videoId));
    resource.patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"" + MetadataKeys.CANCELLED + "\":\"true\"}}}");
    resource.delete();
  }

  /** Every key under the video's prefix in the results bucket. */
  private static List<String> resultsOf(UUID videoId) {
    return s3
        .client()
        .listObjectsV2Paginator(
            b -> b.bucket(InProcessS3.RESULTS).prefix("videos/" + videoId + "/"))
        .contents()
        .stream()
        .map(software.amazon.awssdk.services.s3.model.S3Object::key)
        .toList();
  }

  /** Runs the video once in {@code slices} slices and once in one pod; compares the ZIPs. */
  private Map<String, byte[]> run(Path video, ExtractionOptions options, int slices)
      throws Exception {
    UUID slicedId = UUID.randomUUID();
    UUID singleId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(slicedId), video);
    VideoJobSpec base = VideoJobFixtures.spec(slicedId).withExtraction(options);
    // the duration the plan is made from: N slices of 10 minutes (the indexes cut the real one)
    client
        .resource(VideoJobFixtures.videoJob(slicedId, base.withSlicing(slices, slices * 600.0 - 1)))
        .create();
    VideoJobSpec single =
        new VideoJobSpec(
            singleId.toString(),
            base.owner(),
            base.source(), // the same source object: the manifests name it alike
            new ObjectRef(InProcessS3.RESULTS, VideoJobFixtures.outputKey(singleId)),
            options,
            null,
            null,
            null);
    client.resource(VideoJobFixtures.videoJob(singleId, single)).create();

    VideoJob done = awaitPhase(slicedId, Phase.Succeeded);
    awaitPhase(singleId, Phase.Succeeded);

    Job job = client.batch().v1().jobs().withName(VideoJobNames.job(slicedId)).get();
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(slices);
    assertThat(job.getSpec().getBackoffLimitPerIndex()).isNotNull();
    List<Pod> pods =
        client
            .pods()
            .withLabel(MetadataKeys.JOB_NAME, VideoJobNames.job(slicedId))
            .list()
            .getItems();
    assertThat(pods)
        .extracting(p -> p.getMetadata().getLabels().get(MetadataKeys.JOB_COMPLETION_INDEX))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, slices).mapToObj(Integer::toString).toList());
    assertThat(done.getStatus().getSlices()).isEqualTo(slices);
    assertThat(done.getStatus().getSlicesDone()).isEqualTo(slices + "/" + slices);

    byte[] slicedZip = s3.get(InProcessS3.RESULTS, VideoJobFixtures.outputKey(slicedId));
    byte[] singleZip = s3.get(InProcessS3.RESULTS, VideoJobFixtures.outputKey(singleId));
    Map<String, byte[]> expected = entries(singleZip);
    Map<String, byte[]> actual = entries(slicedZip);
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(actual.keySet()).filteredOn(n -> n.equals("manifest.json")).hasSize(1);
    for (String name : expected.keySet()) {
      assertThat(actual.get(name)).as(name).isEqualTo(expected.get(name));
    }
    int frames = (int) expected.keySet().stream().filter(n -> n.startsWith("frame-")).count();
    assertThat(done.getStatus().getResult().frames()).isEqualTo(frames);
    assertThat(done.getStatus().getResult().bytes()).isEqualTo((long) slicedZip.length);
    // the spill objects are gone (their bytes are in the ZIP); the small index objects stay
    for (int n = 0; n < slices; n++) {
      String key = VideoJobFixtures.outputKey(slicedId);
      assertThat(s3.exists(InProcessS3.RESULTS, SliceAccess.indexObject(key, n))).isTrue();
      assertThat(s3.exists(InProcessS3.RESULTS, SliceAccess.spillObject(key, n))).isFalse();
    }
    assertASecondPassFindsTheZipDone(done, slices, slicedZip.length, frames);
    return actual;
  }

  /**
   * A pass that runs again on a stale cache (a replica, or a pass whose status write was lost)
   * finds the spill objects gone and the upload completed: it reports the finished ZIP, with the
   * operator's own credentials (a missing key answers 404, not 403, and the ZIP's size is read).
   */
  private static void assertASecondPassFindsTheZipDone(
      VideoJob done, int slices, long zipBytes, int frames) throws Exception {
    ObjectRef zip = done.getSpec().output();
    try (var operatorS3 = OperatorFixture.s3Client(OperatorFixture.s3(s3))) {
      SliceAssembly.Assembled again =
          new SliceAssembly(operatorS3).assemble(zip, done.getStatus().getUploadId(), slices);
      assertThat(again.bytes()).isEqualTo(zipBytes);
      assertThat(again.frames()).isEqualTo(frames);
    }
  }

  private static VideoJob awaitPhase(UUID videoId, Phase phase) {
    String name = VideoJobNames.videoJob(videoId);
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                VideoJob v = client.resources(VideoJob.class).withName(name).get();
                if (v != null
                    && v.getStatus() != null
                    && v.getStatus().getPhase() == Phase.Failed
                    && phase != Phase.Failed) {
                  throw new AssertionError("failed: " + v.getStatus().getMessage() + logs());
                }
                return v != null && v.getStatus() != null && v.getStatus().getPhase() == phase;
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      VideoJob v = client.resources(VideoJob.class).withName(name).get();
      throw new AssertionError(
          "still "
              + (v.getStatus() == null
                  ? null
                  : v.getStatus().getPhase() + ": " + v.getStatus().getMessage())
              + logs(),
          e);
    }
    return client.resources(VideoJob.class).withName(name).get();
  }

  /** The extractor pods' logs, for a failure's message. */
  private static String logs() {
    try {
      return readLogs();
    } catch (java.io.IOException e) {
      return " (logs unreadable: " + e + ")";
    }
  }

  private static String readLogs() throws java.io.IOException {
    StringBuilder all = new StringBuilder();
    Path root = temp.resolve("kubelet");
    if (Files.isDirectory(root)) {
      try (var files = Files.walk(root)) {
        for (Path log : files.filter(f -> f.endsWith("container.log")).toList()) {
          all.append("\n--- ").append(root.relativize(log)).append('\n');
          String text = Files.readString(log);
          all.append(text, Math.max(0, text.length() - 1500), text.length());
        }
      }
    }
    return all.toString();
  }

  /** Entries by name, read as a stream (local headers) and checked against the directory. */
  private static Map<String, byte[]> entries(byte[] zip) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    Path file = Files.createTempFile(temp, "zip-", ".zip");
    Files.write(file, zip);
    try (java.util.zip.ZipFile read = new java.util.zip.ZipFile(file.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(read.entries())) {
        entries.put(entry.getName(), read.getInputStream(entry).readAllBytes());
      }
    }
    int streamed = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      while (in.getNextEntry() != null) {
        streamed++;
      }
    }
    assertThat(streamed).as("local entries").isEqualTo(entries.size());
    return entries;
  }

  private static Path noisyVideo(int seconds) throws Exception {
    Path out = temp.resolve("noisy-" + seconds + "s.mp4");
    if (Files.exists(out)) {
      return out;
    }
    String ffmpeg = dev.frameflow.extractor.ffmpeg.Ffmpeg.preferInstalled().binary().toString();
    Process p =
        new ProcessBuilder(
                ffmpeg,
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=s=640x480:r=10,noise=alls=60:allf=t",
                "-t",
                Integer.toString(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                out.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out;
  }
}
