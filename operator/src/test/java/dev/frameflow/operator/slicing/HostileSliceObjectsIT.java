package dev.frameflow.operator.slicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.archive.EntryNames;
import dev.frameflow.archive.PartZipWriter;
import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.slicing.SliceEntry;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.contracts.slicing.SliceVideo;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.testing.JobPods;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compromised slice pods (issue 27, item 9): each writes what it likes through its own presigned
 * URLs (asked for at the access endpoint with its projected token, as a pod does), and the test
 * plays the Job controller that marks the Indexed Job complete. A spill object of hundreds of MB,
 * an oversized or malformed index, or an index that lies about its entries fails the VideoJob for
 * good (it is not assembled again and again), without the operator reading the object into memory;
 * an honest video afterwards still gets its ZIP.
 */
class HostileSliceObjectsIT {

  static final JsonMapper JSON =
      JsonMapper.builder()
          .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .build();
  static final ExtractionOptions OPTIONS =
      ExtractionOptions.builder().fps(1.0).format(ImageFormat.JPEG).build();
  static final int SLICES = 3;
  static final long HOSTILE_SPILL_BYTES = 300L * 1024 * 1024;

  @TempDir static Path temp;
  static MockKubernetes kubernetes;
  static KubernetesClient client;
  static InProcessS3 s3;
  static VideoJobOperator operator;
  static final HttpClient http = HttpClient.newHttpClient();
  static final List<VideoStatusEvent> published = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    kubernetes = MockKubernetes.start();
    client = kubernetes.client();
    s3 = InProcessS3.start(temp.resolve("s3"));
    operator =
        OperatorFixture.start(
            client,
            OperatorFixture.properties(16),
            OperatorFixture.s3(s3),
            published::add,
            new SimpleMeterRegistry(),
            Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    operator.stop();
    s3.close();
    kubernetes.close();
  }

  @Test
  void aSpillObjectOfHundredsOfMegabytesFailsTheVideoJobWithoutBeingRead() throws Exception {
    UUID video = UUID.randomUUID();
    storeSlices(
        startSlicedVideo(video),
        1,
        (grant, honest) -> {
          // the pod's own spill URL takes any body: 300 MB streamed, never in this test's memory
          assertThat(putStreamed(grant.spillUrl(), HOSTILE_SPILL_BYTES)).isEqualTo(200);
          assertThat(put(grant.indexUrl(), json(honest.index()))).isEqualTo(200);
        });
    // from here on, what this JVM allocates is the operator's doing (the upload is done)
    long allocatedBefore = allocatedBytes();
    completeJob(video);

    VideoJob failed = awaitFinal(video);

    assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(failed.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("SlicesInconsistent"));
    // the hostile object is gone, and the operator never held it
    String zipKey = VideoJobFixtures.outputKey(video);
    assertThat(s3.exists(InProcessS3.RESULTS, SliceAccess.spillObject(zipKey, 1))).isFalse();
    long allocated = allocatedBytes() - allocatedBefore;
    System.out.printf(
        "hostile spill of %d MiB: %d MiB allocated by this JVM while the operator failed it%n",
        HOSTILE_SPILL_BYTES >> 20, allocated >> 20);
    assertThat(allocated)
        .as("bytes allocated by this JVM while the operator failed it")
        .isLessThan(HOSTILE_SPILL_BYTES / 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(published)
                    .anySatisfy(
                        e -> {
                          assertThat(e.videoId()).isEqualTo(video);
                          assertThat(e.status()).isEqualTo(VideoStatusEvent.Status.FAILED);
                        }));

    // the operator is alive and well: an honest sliced video still gets its ZIP
    assertHonestVideoSucceeds();
  }

  @Test
  void anIndexObjectOverItsBoundFailsTheVideoJobWithoutBeingRead() throws Exception {
    UUID video = UUID.randomUUID();
    storeSlices(
        startSlicedVideo(video),
        2,
        (grant, honest) -> {
          assertThat(put(grant.spillUrl(), honest.part())).isEqualTo(200);
          // 40 MB of JSON-looking bytes, over the 16 MB all indexes may weigh
          assertThat(putStreamed(grant.indexUrl(), 40L * 1024 * 1024)).isEqualTo(200);
        });
    completeJob(video);

    VideoJob failed = awaitFinal(video);

    assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(failed.getStatus().getMessage()).contains("index objects weigh more than");
  }

  @Test
  void aMalformedOrLyingSliceIndexFailsTheVideoJobAtOnce() throws Exception {
    Map<String, Function<SliceIndex, byte[]>> lies = new java.util.LinkedHashMap<>();
    lies.put("not JSON", i -> "{\"slice\": 1, \"entries\": [".getBytes(StandardCharsets.UTF_8));
    lies.put("another slice's number", i -> json(with(i, 2, i.partNumber(), i.entries())));
    lies.put("another slice's part", i -> json(with(i, i.slice(), 1, i.entries())));
    lies.put(
        "a frame listed twice",
        i -> {
          List<SliceEntry> twice = new ArrayList<>(i.entries());
          twice.add(i.entries().get(0));
          return json(with(i, i.slice(), i.partNumber(), twice));
        });
    lies.put(
        "an entry outside its part",
        i -> {
          SliceEntry e = i.entries().get(0);
          SliceEntry moved =
              new SliceEntry(
                  e.name(),
                  e.crc(),
                  e.size(),
                  e.offset() + 1_000_000_000L,
                  e.timestamp(),
                  e.requestedTimestamp(),
                  e.keyframe());
          return json(with(i, i.slice(), i.partNumber(), List.of(moved)));
        });
    for (Map.Entry<String, Function<SliceIndex, byte[]>> lie : lies.entrySet()) {
      UUID video = UUID.randomUUID();
      storeSlices(
          startSlicedVideo(video),
          1,
          (grant, honest) -> {
            assertThat(put(grant.spillUrl(), honest.part())).isEqualTo(200);
            assertThat(put(grant.indexUrl(), lie.getValue().apply(honest.index()))).isEqualTo(200);
          });
      completeJob(video);

      VideoJob failed = awaitFinal(video);

      assertThat(failed.getStatus().getPhase()).as(lie.getKey()).isEqualTo(Phase.Failed);
      assertThat(failed.getStatus().getConditions())
          .as(lie.getKey())
          .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("SlicesInconsistent"));
    }
  }

  /** Three honest slices by hand: the operator writes a ZIP with their three frames. */
  private static void assertHonestVideoSucceeds() throws Exception {
    UUID video = UUID.randomUUID();
    storeSlices(startSlicedVideo(video), -1, null);
    completeJob(video);

    VideoJob done = awaitFinal(video);

    assertThat(done.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
    byte[] zip = s3.get(InProcessS3.RESULTS, VideoJobFixtures.outputKey(video));
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
        assertThat(in.readAllBytes()).isNotEmpty();
      }
    }
    assertThat(names)
        .containsExactly(frameName(0), frameName(1), frameName(2), EntryNames.MANIFEST);
    assertThat(done.getStatus().getResult().frames()).isEqualTo(3);
  }

  /** What the hostile pod stores instead of its honest part and index. */
  private interface HostilePod {
    void store(AccessGrant.SliceGrant grant, Slice honest) throws Exception;
  }

  /** Each index stores its part and index; index {@code hostile}'s pod does as it likes. */
  private static void storeSlices(
      Map<Integer, AccessGrant.SliceGrant> grants, int hostile, HostilePod pod) throws Exception {
    for (int n = 0; n < SLICES; n++) {
      Slice slice = honestSlice(n);
      if (n == hostile) {
        pod.store(grants.get(n), slice);
      } else {
        assertThat(put(grants.get(n).spillUrl(), slice.part())).isEqualTo(200);
        assertThat(put(grants.get(n).indexUrl(), json(slice.index()))).isEqualTo(200);
      }
    }
  }

  /** One index's part (one small frame) and its index, as the extractor writes them. */
  private record Slice(byte[] part, SliceIndex index) {}

  private static Slice honestSlice(int n) throws Exception {
    Path frame = Files.createTempFile(temp, "frame", ".jpg");
    Files.write(frame, ("frame " + n + " bytes").getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream part = new ByteArrayOutputStream();
    long modified = 1_700_000_000_000L;
    PartZipWriter writer = new PartZipWriter(part, modified);
    writer.addStored(frameName(n), frame, n, n, true);
    SliceIndex index =
        new SliceIndex(
            n,
            SLICES,
            n,
            n + 1,
            "s3://frameflow-uploads/video.mp4",
            new SliceVideo("mov,mp4", "h264", 64, 64, 25.0, 0, 3.0, 0.0),
            OPTIONS,
            "dense",
            writer.bytes(),
            null,
            null,
            modified,
            writer.entries());
    return new Slice(part.toByteArray(), index);
  }

  private static String frameName(int n) {
    return EntryNames.frame(n + 1, n, ImageFormat.JPEG);
  }

  private static SliceIndex with(
      SliceIndex i, int slice, Integer partNumber, List<SliceEntry> entries) {
    return new SliceIndex(
        slice,
        i.slices(),
        i.firstTick(),
        i.endTick(),
        i.source(),
        i.video(),
        i.options(),
        i.strategy(),
        i.partBytes(),
        partNumber,
        partNumber == null ? null : "\"etag\"",
        i.modifiedMillis(),
        entries);
  }

  private static byte[] json(SliceIndex index) {
    try {
      return JSON.writeValueAsBytes(index);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates the VideoJob, waits for its Indexed Job and asks for each index's grant. */
  private static Map<Integer, AccessGrant.SliceGrant> startSlicedVideo(UUID video)
      throws Exception {
    client
        .resource(
            VideoJobFixtures.videoJob(
                video,
                VideoJobFixtures.spec(video)
                    .withExtraction(OPTIONS)
                    .withSlicing(SLICES, SLICES * 600.0 - 1)))
        .create();
    Job job =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> client.batch().v1().jobs().withName(VideoJobNames.job(video)).get(),
                j -> j != null);
    assertThat(job.getSpec().getCompletions()).isEqualTo(SLICES);
    Map<Integer, AccessGrant.SliceGrant> grants = new HashMap<>();
    URI access = URI.create(OperatorFixture.endpointUrl(client) + AccessGrant.PATH);
    for (int n = 0; n < SLICES; n++) {
      Pod pod =
          JobPods.create(
              client, job, n, job.getSpec().getTemplate().getSpec().getServiceAccountName());
      String token = TestKubelet.projectedToken(client, pod, AccessGrant.DEFAULT_AUDIENCE, 600L);
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(access).header("Authorization", "Bearer " + token).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      grants.put(n, JSON.readValue(answer.body(), AccessGrant.class).slice());
    }
    return grants;
  }

  /**
   * What the kubelet and the Job controller write when every index has succeeded: each pod
   * terminated with its result as termination message, the Job complete.
   */
  private static void completeJob(UUID video) throws Exception {
    String now = Instant.now().toString();
    String result =
        JSON.writeValueAsString(
            dev.frameflow.contracts.result.ExtractorResult.succeeded(1, "slice", 100, 3.0, 10));
    for (Pod pod :
        client
            .pods()
            .withLabel(MetadataKeys.JOB_NAME, VideoJobNames.job(video))
            .list()
            .getItems()) {
      client
          .pods()
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.setStatus(
                    new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                        .withPhase("Succeeded")
                        .addNewContainerStatus()
                        .withName("extractor")
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(0)
                        .withReason("Completed")
                        .withMessage(result)
                        .withFinishedAt(now)
                        .endTerminated()
                        .endState()
                        .endContainerStatus()
                        .build());
                return p;
              });
    }
    client
        .batch()
        .v1()
        .jobs()
        .withName(VideoJobNames.job(video))
        .editStatus(
            j -> {
              JobStatus s = new JobStatus();
              s.setActive(0);
              s.setSucceeded(SLICES);
              s.setCompletedIndexes("0-" + (SLICES - 1));
              s.setCompletionTime(now);
              s.setConditions(
                  List.of(condition("SuccessCriteriaMet", now), condition("Complete", now)));
              j.setStatus(s);
              return j;
            });
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(
      String type, String now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason("CompletionsReached")
        .withLastTransitionTime(now)
        .build();
  }

  private static VideoJob awaitFinal(UUID video) {
    String name = VideoJobNames.videoJob(video);
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> client.resources(VideoJob.class).withName(name).get(),
            v ->
                v != null
                    && v.getStatus() != null
                    && v.getStatus().getPhase() != null
                    && v.getStatus().getPhase().isFinal());
  }

  private static int put(String url, byte[] body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** A PUT of {@code length} bytes made as they are sent (a brace, then spaces). */
  private static int putStreamed(String url, long length) throws Exception {
    HttpRequest.BodyPublisher body =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> new Filler(length)), length);
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).PUT(body).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** {@code length} bytes of "{" and spaces, generated as they are read. */
  private static final class Filler extends InputStream {
    private long left;
    private boolean first = true;

    Filler(long length) {
      this.left = length;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      if (first) {
        first = false;
        return '{';
      }
      return ' ';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) ' ');
      if (first && n > 0) {
        b[off] = '{';
        first = false;
      }
      left -= n;
      return n;
    }
  }

  /** Bytes allocated by every live thread of this JVM so far (HotSpot's count). */
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getTotalThreadAllocatedBytes();
  }
}
