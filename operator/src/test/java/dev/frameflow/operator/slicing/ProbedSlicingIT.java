package dev.frameflow.operator.slicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The duration learned by the operator itself: a VideoJob that may be sliced (here by the
 * operator's default parallelism, 3) and gives no duration is probed by a one-pod Job running the
 * real extractor's {@code probe} subcommand; the operator records the duration, deletes the probe
 * and plans the slices (2-second slices here, so that seconds-long videos make several).
 */
class ProbedSlicingIT {

  static final SlicingPolicy TWO_SECOND_SLICES = new SlicingPolicy(2.0, 3);
  static final ExtractionOptions JPEG =
      ExtractionOptions.builder().fps(2.0).format(ImageFormat.JPEG).quality(5).build();

  @TempDir static Path temp;
  static MockKubernetes kubernetes;
  static InProcessS3 s3;
  static TestBroker broker;
  static TestKubelet kubelet;
  static VideoJobOperator operator;
  static KubernetesClient client;
  static volatile UUID unreachableOnFirstProbe;
  static volatile UUID slowToStart;

  @BeforeAll
  static void startEverything() {
    kubernetes = MockKubernetes.start();
    client = kubernetes.client();
    s3 = InProcessS3.start(temp.resolve("s3"));
    broker = TestBroker.connect();
    kubelet =
        TestKubelet.forS3(client, s3, temp.resolve("kubelet"))
            .beforeEachContainer(ProbedSlicingIT::storeOutageOnFirstProbe)
            .start();
    operator = startOperator();
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
  void aVideoWithoutADurationIsProbedThenRunAsAnIndexedJobWhoseZipEqualsTheOnePodZip()
      throws Exception {
    UUID slicedId = UUID.randomUUID();
    UUID singleId = UUID.randomUUID();
    Path video = TestVideos.mp4(temp, 6);
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(slicedId), video);
    // no maxParallelism and no duration: the operator's default (3) allows slices
    client
        .resource(
            VideoJobFixtures.videoJob(
                slicedId, VideoJobFixtures.spec(slicedId).withExtraction(JPEG)))
        .create();
    // maxParallelism 1: never sliced, so never probed; the same source object (the manifests name
    // it)
    VideoJobSpec base = VideoJobFixtures.spec(singleId);
    VideoJobSpec singleSpec =
        new VideoJobSpec(
                base.videoId(),
                base.owner(),
                new dev.frameflow.contracts.events.ObjectRef(
                    InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(slicedId)),
                base.output(),
                JPEG,
                null,
                null,
                null)
            .withSlicing(1, null);
    client.resource(VideoJobFixtures.videoJob(singleId, singleSpec)).create();

    VideoJob sliced = awaitPhase(slicedId, Phase.Succeeded);
    VideoJob single = awaitPhase(singleId, Phase.Succeeded);

    assertThat(sliced.getStatus().getSourceDurationSeconds()).isCloseTo(6.0, within(0.1));
    Job job = client.batch().v1().jobs().withName(VideoJobNames.job(slicedId)).get();
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(3);
    assertThat(sliced.getStatus().getSlices()).isEqualTo(3);
    assertThat(sliced.getStatus().getSlicesDone()).isEqualTo("3/3");
    // the upload id is in the status (and on the Job), not only in the Job's Secret
    assertThat(sliced.getStatus().getUploadId())
        .isNotBlank()
        .isEqualTo(job.getMetadata().getAnnotations().get(MetadataKeys.UPLOAD_ID));
    // the probe ran as a one-pod Job of its own, and is gone
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.batch().v1().jobs().withName(VideoJobNames.probeJob(slicedId)).get()
                    == null);
    assertThat(eventReasons(slicedId)).contains("Probing");
    assertThat(single.getStatus().getSourceDurationSeconds()).isNull();
    assertThat(eventReasons(singleId)).doesNotContain("Probing");
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .withName(VideoJobNames.job(singleId))
                .get()
                .getSpec()
                .getCompletionMode())
        .isNull();

    Map<String, byte[]> expected =
        entries(s3.get(InProcessS3.RESULTS, VideoJobFixtures.outputKey(singleId)));
    Map<String, byte[]> actual =
        entries(s3.get(InProcessS3.RESULTS, VideoJobFixtures.outputKey(slicedId)));
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(actual).hasSize(13); // 12 frames and the manifest
    for (String name : expected.keySet()) {
      assertThat(actual.get(name)).as(name).isEqualTo(expected.get(name));
    }
  }

  @Test
  void aVideoShorterThanOneSliceIsProbedAndRunsAsOnePod() {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 1));
    client.resource(VideoJobFixtures.videoJob(videoId)).create();

    VideoJob done = awaitPhase(videoId, Phase.Succeeded);

    assertThat(done.getStatus().getSourceDurationSeconds()).isCloseTo(1.0, within(0.1));
    assertThat(done.getStatus().getSlices()).isNull();
    assertThat(done.getStatus().getUploadId()).isNull();
    Job job = client.batch().v1().jobs().withName(VideoJobNames.job(videoId)).get();
    assertThat(job.getSpec().getCompletionMode()).isNull();
    assertThat(done.getStatus().getResult().frames()).isEqualTo(2);
  }

  @Test
  void aProbeOfBadInputFailsTheVideoJobWithTheExtractorsReasonAndStartsNoExtraction() {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.notAVideo());
    client.resource(VideoJobFixtures.videoJob(videoId)).create();

    VideoJob failed = awaitPhase(videoId, Phase.Failed);

    assertThat(failed.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Failed");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("BadInput");
              assertThat(c.getMessage()).contains("not a video");
            });
    assertThat(failed.getStatus().getMessage()).startsWith("probing the source: not a video");
    assertThat(client.batch().v1().jobs().withName(VideoJobNames.job(videoId)).get()).isNull();
    // bad input is not retried: one probe pod
    assertThat(probePods(videoId)).hasSize(1);
  }

  @Test
  void aProbeThatCannotReachTheStoreIsRetriedAndTheVideoThenSucceeds() {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 6));
    unreachableOnFirstProbe = videoId;
    client
        .resource(
            VideoJobFixtures.videoJob(videoId, VideoJobFixtures.spec(videoId).withExtraction(JPEG)))
        .create();

    VideoJob done = awaitPhase(videoId, Phase.Succeeded);

    assertThat(done.getStatus().getSourceDurationSeconds()).isCloseTo(6.0, within(0.1));
    assertThat(done.getStatus().getSlices()).isEqualTo(3);
    assertThat(done.getStatus().getResult().frames()).isEqualTo(12);
  }

  @Test
  void aLaunchCutShortBeforeTheStatusAndARestartMidRunStillMakeTheZip() throws Exception {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 6));
    slowToStart = videoId;
    operator.stop();
    try {
      VideoJob created =
          client
              .resource(
                  VideoJobFixtures.videoJob(
                      videoId,
                      VideoJobFixtures.spec(videoId).withExtraction(JPEG).withSlicing(3, 6.0)))
              .create();
      // an operator stopped right after creating the Job (upload id on it), before its status
      var launcher =
          OperatorFixture.launcher(
              OperatorFixture.properties(8),
              OperatorFixture.s3(s3),
              OperatorFixture.endpointUrl(client));
      Job job = launcher.builder().build(created, 3);
      String uploadId =
          OperatorFixture.jobAccess(
                  OperatorFixture.s3(s3), dev.frameflow.operator.job.PresignProperties.defaults())
              .createUpload(created.getSpec().output());
      job.getMetadata().getAnnotations().put(MetadataKeys.UPLOAD_ID, uploadId);
      client.batch().v1().jobs().resource(job).create();

      // the next operator follows it; a third one, started while the indexes run, has never seen
      // the launch, grants the indexes that ask it their parts and completes the upload from the
      // VideoJob's status alone
      operator = startOperator();
      // (once it runs: an operator stopped while its watches are still opening is another test)
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> {
                var status =
                    client
                        .resources(VideoJob.class)
                        .withName(created.getMetadata().getName())
                        .get()
                        .getStatus();
                return uploadId.equals(status.getUploadId()) && status.getPhase() == Phase.Running;
              });
      operator.stop();
      operator = startOperator();

      VideoJob done = awaitPhase(videoId, Phase.Succeeded);
      assertThat(done.getStatus().getUploadId()).isEqualTo(uploadId);
      assertThat(done.getStatus().getResult().frames()).isEqualTo(12);
      assertThat(entries(s3.get(InProcessS3.RESULTS, VideoJobFixtures.outputKey(videoId))))
          .hasSize(13)
          .containsKey("manifest.json");
      // the Job launched before the restarts, with its upload: no second one
      assertThat(
              client
                  .batch()
                  .v1()
                  .jobs()
                  .withName(VideoJobNames.job(videoId))
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .containsEntry(MetadataKeys.UPLOAD_ID, uploadId);
    } finally {
      slowToStart = null;
    }
  }

  private static VideoJobOperator startOperator() {
    return OperatorFixture.start(
        client,
        OperatorFixture.properties(8),
        OperatorFixture.s3(s3),
        broker.statusPublisher(),
        new SimpleMeterRegistry(),
        Duration.ofHours(1),
        TWO_SECOND_SLICES);
  }

  /**
   * The store is down while the first probe pod of the chosen video runs, back for the second; the
   * slow video's pods take a second to start (a window for an operator restart).
   */
  private static void storeOutageOnFirstProbe(Job job, int attempt) throws InterruptedException {
    UUID slow = slowToStart;
    if (slow != null && job.getMetadata().getName().equals(VideoJobNames.job(slow))) {
      Thread.sleep(1_500);
    }
    UUID chosen = unreachableOnFirstProbe;
    if (chosen == null || !job.getMetadata().getName().equals(VideoJobNames.probeJob(chosen))) {
      return;
    }
    if (attempt == 0) {
      s3.stop(); // the probe cannot read its URL: exit code 1, transient
    } else {
      s3.restart();
      unreachableOnFirstProbe = null;
    }
  }

  private static List<Pod> probePods(UUID videoId) {
    return client
        .pods()
        .withLabel(MetadataKeys.JOB_NAME, VideoJobNames.probeJob(videoId))
        .list()
        .getItems();
  }

  private static List<String> eventReasons(UUID videoId) {
    String name = VideoJobNames.videoJob(videoId);
    return client.v1().events().list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }

  private static VideoJob awaitPhase(UUID videoId, Phase phase) {
    String name = VideoJobNames.videoJob(videoId);
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
                throw new AssertionError("failed: " + v.getStatus().getMessage());
              }
              return v != null && v.getStatus() != null && v.getStatus().getPhase() == phase;
            });
    return client.resources(VideoJob.class).withName(name).get();
  }

  private static Map<String, byte[]> entries(byte[] zip) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    Path file = Files.createTempFile(temp, "zip-", ".zip");
    Files.write(file, zip);
    try (java.util.zip.ZipFile read = new java.util.zip.ZipFile(file.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(read.entries())) {
        entries.put(entry.getName(), read.getInputStream(entry).readAllBytes());
      }
    }
    return entries;
  }
}
