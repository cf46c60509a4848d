package dev.frameflow.operator.podapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.validation.ContractValidator;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.slicing.SlicingPolicy;
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
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an extractor pod gets when it asks the operator with its projected token: the mock API
 * server issues pod-bound tokens as the kubelet asks for them and reviews them as Kubernetes does;
 * pods are made here as the Job controller makes them. Each pod gets what its own Job needs and
 * nothing of another pod's, and anything else is refused.
 */
class AccessEndpointIT {

  static final String AUDIENCE = AccessGrant.DEFAULT_AUDIENCE;
  static final JsonMapper JSON =
      JsonMapper.builder()
          .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .build();

  @TempDir static Path temp;
  static MockKubernetes kubernetes;
  static KubernetesClient client;
  static InProcessS3 s3;
  static VideoJobOperator operator;
  static final HttpClient http = HttpClient.newHttpClient();
  static final List<VideoStatusEvent> published = new CopyOnWriteArrayList<>();
  static URI endpoint;

  @BeforeAll
  static void start() {
    kubernetes = MockKubernetes.start();
    client = kubernetes.client();
    s3 = InProcessS3.start(temp.resolve("s3"));
    operator =
        OperatorFixture.start(
            client,
            // room for every test's Jobs: nothing runs them, so they keep their slots
            OperatorFixture.properties(64),
            OperatorFixture.s3(s3),
            published::add,
            new SimpleMeterRegistry(),
            Duration.ofHours(1),
            new SlicingPolicy(2.0, 3));
    endpoint = URI.create(OperatorFixture.endpointUrl(client) + AccessGrant.PATH);
  }

  @AfterAll
  static void stop() {
    operator.stop();
    s3.close();
    kubernetes.close();
  }

  @Test
  void aOnePodExtractionGetsItsSourceAndAnUploadOfItsOwnAgainOnARepeatedRequest() throws Exception {
    UUID video = UUID.randomUUID();
    s3.put(
        InProcessS3.UPLOADS,
        VideoJobFixtures.sourceKey(video),
        "the video".getBytes(StandardCharsets.UTF_8));
    Job job = jobOf(videoJob(video, VideoJobFixtures.spec(video).withSlicing(1, 6.0)));
    Pod pod = podOf(job, null, "frameflow-extractor");

    String token = tokenFor(pod, AUDIENCE);
    HttpResponse<String> answer = ask(token);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
    AccessGrant grant = JSON.readValue(answer.body(), AccessGrant.class);
    assertThat(ContractValidator.check(grant)).isEmpty();
    assertThat(grant.slice()).isNull();
    assertThat(grant.upload().parts()).hasSize(256);
    // the URLs work: the source reads, a part of the ZIP writes
    assertThat(get(grant.sourceUrl())).isEqualTo("the video");
    assertThat(put(grant.upload().parts().get(0), new byte[] {1, 2, 3})).isEqualTo(200);

    // the same pod asking again (an answer lost on the way) gets the same upload
    AccessGrant again = JSON.readValue(ask(token).body(), AccessGrant.class);
    assertThat(uploadIdOf(again.upload().complete()))
        .isEqualTo(uploadIdOf(grant.upload().complete()));
    // the next pod (a retry) gets an upload of its own
    Pod retry = podOf(job, null, "frameflow-extractor");
    AccessGrant second = JSON.readValue(ask(tokenFor(retry, AUDIENCE)).body(), AccessGrant.class);
    assertThat(uploadIdOf(second.upload().complete()))
        .isNotEqualTo(uploadIdOf(grant.upload().complete()));
  }

  @Test
  void eachIndexOfAnIndexedJobGetsItsOwnPartAndNothingOfTheOthers() throws Exception {
    UUID video = UUID.randomUUID();
    Job job = jobOf(videoJob(video, VideoJobFixtures.spec(video).withSlicing(3, 6.0)));
    assertThat(job.getSpec().getCompletions()).isEqualTo(3);
    String uploadId = job.getMetadata().getAnnotations().get(MetadataKeys.UPLOAD_ID);

    for (int index = 0; index < 3; index++) {
      Pod pod = podOf(job, index, "frameflow-extractor");
      HttpResponse<String> answer = ask(tokenFor(pod, AUDIENCE));
      assertThat(answer.statusCode()).isEqualTo(200);
      AccessGrant grant = JSON.readValue(answer.body(), AccessGrant.class);
      assertThat(grant.upload()).isNull();
      assertThat(grant.slice().index()).isEqualTo(index);
      assertThat(grant.slice().partUrl())
          .contains("partNumber=" + (index + 1) + "&")
          .contains("uploadId=" + uploadId);
      assertThat(grant.slice().spillUrl()).contains("/frames.zip.slices/" + index + ".part?");
      assertThat(grant.slice().indexUrl()).contains("/frames.zip.slices/" + index + ".json?");
      // no other index's part, spill or index anywhere in the answer
      for (int other = 0; other < 3; other++) {
        if (other != index) {
          assertThat(answer.body())
              .doesNotContain("partNumber=" + (other + 1) + "&")
              .doesNotContain("slices/" + other + ".");
        }
      }
    }
  }

  @Test
  void aProbePodGetsTheSourceAlone() throws Exception {
    UUID video = UUID.randomUUID();
    // may be sliced, duration unknown: the operator probes first
    VideoJob videoJob = videoJob(video, VideoJobFixtures.spec(video));
    Job probe = awaitJob(VideoJobNames.probeJob(video));
    Pod pod = podOf(probe, null, "frameflow-extractor");

    HttpResponse<String> answer = ask(tokenFor(pod, AUDIENCE));
    assertThat(answer.statusCode()).isEqualTo(200);
    AccessGrant grant = JSON.readValue(answer.body(), AccessGrant.class);
    // the source alone, and when its URL ends (with the operator's session, here 15 minutes)
    assertThat(grant.expiresAt()).isNotNull();
    assertThat(grant).isEqualTo(AccessGrant.probe(grant.sourceUrl()).expiringAt(grant.expiresAt()));
    assertThat(grant.sourceUrl()).contains(videoJob.getSpec().source().key());
  }

  @Test
  void aRequestWithoutAValidTokenForTheOperatorIsRefusedWith401() throws Exception {
    Pod pod = podOfANewOnePodJob();

    assertThat(
            http.send(
                    HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);
    assertThat(ask("not-a-token").statusCode()).isEqualTo(401);
    // the pod's token for the API server's audience opens nothing here
    assertThat(ask(tokenFor(pod, "https://kubernetes.default.svc")).statusCode()).isEqualTo(401);
    // a bound token dies with its pod
    String token = tokenFor(pod, AUDIENCE);
    client.pods().resource(pod).delete();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.pods().resource(pod).get() == null);
    assertThat(ask(token).statusCode()).isEqualTo(401);
    // and nothing else than GET
    assertThat(
            http.send(
                    HttpRequest.newBuilder(endpoint)
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(405);
  }

  @Test
  void aValidTokenOfAPodThatIsNotEntitledIsRefusedWith403() throws Exception {
    UUID video = UUID.randomUUID();
    VideoJob videoJob = videoJob(video, VideoJobFixtures.spec(video).withSlicing(1, 6.0));
    Job job = jobOf(videoJob);

    // another ServiceAccount's pod, even one pretending to belong to the Job
    Pod impostor = podOf(job, null, "default");
    assertThat(ask(tokenFor(impostor, AUDIENCE)).statusCode()).isEqualTo(403);
    // a pod of the right ServiceAccount that belongs to no Job of the operator's
    Pod stray =
        client
            .pods()
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("stray-" + video)
                    .endMetadata()
                    .withNewSpec()
                    .withServiceAccountName("frameflow-extractor")
                    .addNewContainer()
                    .withName("x")
                    .withImage("x")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    assertThat(ask(tokenFor(stray, AUDIENCE)).statusCode()).isEqualTo(403);

    // once the video is finished, its pods get nothing any more
    Pod late = podOf(job, null, "frameflow-extractor");
    String token = tokenFor(late, AUDIENCE);
    assertThat(ask(token).statusCode()).isEqualTo(200);
    VideoJob current =
        client.resources(VideoJob.class).withName(videoJob.getMetadata().getName()).get();
    VideoJobStatus status = current.getStatus();
    status.setPhase(Phase.Failed);
    client.resource(current).updateStatus();
    await().atMost(Duration.ofSeconds(10)).until(() -> ask(token).statusCode() == 403);
  }

  @Test
  void aPodsFirstRequestCostsTheApiServerOneTokenReviewAndItsRepeatsNone() throws Exception {
    Pod pod = podOfANewOnePodJob();
    String token = tokenFor(pod, AUDIENCE);
    int before = kubernetes.tokenReviews();
    for (int i = 0; i < 5; i++) {
      assertThat(ask(token).statusCode()).isEqualTo(200);
    }
    assertThat(kubernetes.tokenReviews() - before).isEqualTo(1);
    // another pod's token is reviewed: one more
    assertThat(ask(tokenFor(podOfANewOnePodJob(), AUDIENCE)).statusCode()).isEqualTo(200);
    assertThat(kubernetes.tokenReviews() - before).isEqualTo(2);
    // a refused token is reviewed once, then refused from memory for a while
    ask("not-a-token-" + pod.getMetadata().getUid());
    ask("not-a-token-" + pod.getMetadata().getUid());
    assertThat(kubernetes.tokenReviews() - before).isEqualTo(3);
  }

  @Test
  void aBadTokenRepeatedByAHostilePodCostsTheApiServerOneTokenReview() throws Exception {
    // a token of the API server's audience: a real pod's, refused here
    String bad = tokenFor(podOfANewOnePodJob(), "https://kubernetes.default.svc");
    int before = kubernetes.tokenReviews();
    for (int i = 0; i < 25; i++) {
      assertThat(ask(bad).statusCode()).isEqualTo(401);
    }
    assertThat(kubernetes.tokenReviews() - before).isEqualTo(1);
  }

  @Test
  void aPodGetsItsGrantWhileSlowClientsTrickleTheirHeaders() throws Exception {
    Pod pod = podOfANewOnePodJob();
    String token = tokenFor(pod, AUDIENCE);
    // more slow clients than the endpoint has workers (4), each sending a header byte by byte
    List<java.net.Socket> slow = new java.util.ArrayList<>();
    java.util.concurrent.ScheduledExecutorService trickle =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < 16; i++) {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", endpoint.getPort());
        socket
            .getOutputStream()
            .write(
                "GET /access HTTP/1.1\r\nHost: operator\r\nX-Slow: "
                    .getBytes(StandardCharsets.US_ASCII));
        slow.add(socket);
      }
      trickle.scheduleAtFixedRate(
          () -> {
            for (java.net.Socket socket : slow) {
              try {
                socket.getOutputStream().write('a');
              } catch (java.io.IOException e) {
                // closed by the endpoint: what it should do
              }
            }
          },
          0,
          200,
          java.util.concurrent.TimeUnit.MILLISECONDS);
      Thread.sleep(500);

      // the pod's request is answered at once, not after the slow ones are cut off
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);

      // and each slow client is cut off at the request timeout (5 s), still trickling
      for (java.net.Socket socket : slow) {
        socket.setSoTimeout(15_000);
        assertThat(drained(socket)).as("the endpoint closed the slow connection").isTrue();
      }
    } finally {
      trickle.shutdownNow();
      for (java.net.Socket socket : slow) {
        socket.close();
      }
    }
  }

  /**
   * Reads until the endpoint closes the connection; false if it is still open after the timeout.
   */
  private static boolean drained(java.net.Socket socket) {
    try {
      java.io.InputStream in = socket.getInputStream();
      while (in.read() != -1) {
        // an answer (none is expected) or the close
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.io.IOException e) {
      return true; // reset: closed too
    }
  }

  /** The pod of a new one-pod extraction Job the operator made. */
  private static Pod podOfANewOnePodJob() {
    UUID video = UUID.randomUUID();
    Job job = jobOf(videoJob(video, VideoJobFixtures.spec(video).withSlicing(1, 6.0)));
    return podOf(job, null, "frameflow-extractor");
  }

  private static VideoJob videoJob(UUID video, dev.frameflow.videojob.VideoJobSpec spec) {
    return client.resource(VideoJobFixtures.videoJob(video, spec)).create();
  }

  private static Job jobOf(VideoJob videoJob) {
    return awaitJob(VideoJobNames.job(UUID.fromString(videoJob.getSpec().videoId())));
  }

  private static Job awaitJob(String name) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.batch().v1().jobs().withName(name).get(), j -> j != null);
  }

  /** A pod of {@code job} as the Job controller makes it (of index {@code index} when given). */
  private static Pod podOf(Job job, Integer index, String serviceAccount) {
    return JobPods.create(client, job, index, serviceAccount);
  }

  /** The pod's projected token, asked for as the kubelet does. */
  private static String tokenFor(Pod pod, String audience) {
    return TestKubelet.projectedToken(client, pod, audience, 600L);
  }

  private static HttpResponse<String> ask(String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int put(String url, byte[] body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static String uploadIdOf(String url) {
    for (String parameter : URI.create(url).getRawQuery().split("&")) {
      if (parameter.startsWith("uploadId=")) {
        return parameter.substring("uploadId=".length());
      }
    }
    throw new AssertionError("no uploadId in " + url);
  }
}
