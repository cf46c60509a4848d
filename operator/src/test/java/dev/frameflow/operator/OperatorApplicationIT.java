package dev.frameflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frameflow.contracts.topology.Topology;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.testing.aws.TestIrsa;
import dev.frameflow.testing.aws.TestSts.Role;
import dev.frameflow.testing.conformance.ScrapedMetricNames;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as deployed: Spring Boot wiring, Lease-based leader election, the bridge and the
 * operator together, actuator probes and Prometheus metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorApplicationIT {

  static final MockKubernetes kubernetes = MockKubernetes.start();
  static final Path temp = tempDir();
  static final InProcessS3 s3 = InProcessS3.start(temp.resolve("s3"));
  static final TestBroker broker = TestBroker.connect();
  static final TestKubelet kubelet =
      TestKubelet.forS3(kubernetes.client(), s3, temp.resolve("kubelet")).start();

  static {
    // JOSDK checks its Lease permissions with a SelfSubjectRulesReview, which CRUD mode cannot
    // answer; a real API server grants it to every authenticated user (system:basic-user).
    kubernetes
        .server()
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    // fabric8's standard system properties: what a kubeconfig or the pod's service account gives
    System.setProperty("kubernetes.master", kubernetes.client().getMasterUrl().toString());
    System.setProperty("kubernetes.namespace", MockKubernetes.NAMESPACE);
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    // as its ServiceAccount: the mock server allows it what its RBAC allows
    System.setProperty("kubernetes.auth.token", MockKubernetes.operatorToken());
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("frameflow.operator.extractor-image", () -> OperatorFixture.TEST_IMAGE);
    registry.add("frameflow.operator.lease-name", () -> "frameflow-operator-it");
    registry.add("frameflow.operator.progress.port", () -> "0");
    registry.add("frameflow.operator.messaging.exchange", () -> broker.names().exchange());
    registry.add(
        "frameflow.operator.messaging.dead-letter-exchange",
        () -> broker.names().deadLetterExchange());
    registry.add(
        "frameflow.operator.messaging.uploaded-queue", () -> broker.names().uploadedQueue());
    registry.add(
        "frameflow.operator.messaging.cancelled-queue", () -> broker.names().cancelledQueue());
    registry.add("frameflow.s3.endpoint", () -> s3.endpoint().toString());
    registry.add("frameflow.s3.path-style", () -> "true");
    // no keys: the operator's role through STS, as IRSA gives it on EKS
    TestIrsa.asRole(Role.OPERATOR);
    registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
    registry.add("frameflow.operator.messaging.dead-letter-poll-interval", () -> "500ms");
  }

  static ConfigurableApplicationContext application;

  @Autowired
  void remember(ConfigurableApplicationContext context) {
    application = context;
  }

  /**
   * The operator and the bridge first (the operator holds the Lease and would exit on losing it),
   * then what they talk to. The context itself stays in Spring's test cache until the JVM ends.
   */
  /** What the tests exercised, as metric names for infra-tests/conformance/monitoring.mjs. */
  @AfterAll
  static void stop() throws Exception {
    if (application != null) {
      String port = application.getEnvironment().getProperty("local.server.port");
      String exposition =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      ScrapedMetricNames.write("operator", exposition);
    }
    if (application != null) {
      application.getBean(VideoJobOperator.class).stop();
      application
          .getBeansOfType(SimpleMessageListenerContainer.class)
          .values()
          .forEach(SimpleMessageListenerContainer::stop);
    }
    for (String property :
        List.of(
            "kubernetes.master",
            "kubernetes.namespace",
            "kubernetes.auth.tryKubeConfig",
            "kubernetes.auth.tryServiceAccount",
            "kubernetes.auth.token")) {
      System.clearProperty(property);
    }
    kubelet.close();
    broker.close();
    s3.close();
    kubernetes.close();
  }

  @Autowired Environment environment;

  @Test
  void aVideoUploadedMessageEndsAsAZipAndAStatusEventThroughTheWholeApplication() {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 1));

    broker.publish("video.uploaded", VideoJobFixtures.uploadedMessage(videoId));

    List<JsonNode> events = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              events.addAll(broker.drainOutcomeMessages());
              return !events.isEmpty();
            });
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("videoId").asText()).isEqualTo(videoId.toString());
              assertThat(e.get("status").asText()).isEqualTo("SUCCEEDED");
            });
    // the outcome is published off the reconcile thread, so it may be confirmed just before the
    // status patch that records the phase lands
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        kubernetes
                            .client()
                            .resources(VideoJob.class)
                            .withName(VideoJobNames.videoJob(videoId))
                            .get()
                            .getStatus()
                            .getPhase())
                    .isEqualTo(Phase.Succeeded));
    assertThat(s3.exists(InProcessS3.RESULTS, VideoJobFixtures.outputKey(videoId))).isTrue();
  }

  @Test
  void theOperatorHoldsTheLeaseAndServesProbesAndMetrics() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Lease lease =
                  kubernetes
                      .client()
                      .leases()
                      .inNamespace(MockKubernetes.NAMESPACE)
                      .withName("frameflow-operator-it")
                      .get();
              assertThat(lease).isNotNull();
              assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
            });

    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\""));
    HttpResponse<String> metrics = get("/actuator/prometheus");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("operator_sdk")
        .contains("frameflow_videojobs_finished_total{")
        .contains("jvm_memory_used_bytes");
  }

  /**
   * A Job create the API server answers once with an error no retry of the client absorbs (the
   * client retries 5xx itself): a failed reconciliation in JOSDK's metrics, then a retry that
   * succeeds.
   */
  @Test
  void aFailedJobCreateCountsAsAFailedReconciliationAndIsRetried() throws Exception {
    kubernetes
        .server()
        .expect()
        .post()
        .withPath("/apis/batch/v1/namespaces/" + MockKubernetes.NAMESPACE + "/jobs")
        .andReturn(404, "{\"kind\":\"Status\",\"code\":404,\"message\":\"not found\"}")
        .once();
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 1));

    broker.publish("video.uploaded", VideoJobFixtures.uploadedMessage(videoId));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        kubernetes
                            .client()
                            .resources(VideoJob.class)
                            .withName(VideoJobNames.videoJob(videoId))
                            .get())
                    .isNotNull()
                    .extracting(v -> v.getStatus() == null ? null : v.getStatus().getPhase())
                    .isEqualTo(Phase.Succeeded));
    assertThat(get("/actuator/prometheus").body())
        .containsPattern("(?m)^operator_sdk_reconciliations_failed_total\\{[^}]*\\} [1-9]");
  }

  @Test
  void aRefusedMessageShowsInTheDeadLetterGauge() {
    String dlq = Topology.deadLetterQueue(broker.names().uploadedQueue());

    broker.publish("video.uploaded", "{ this is not json");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String metrics = get("/actuator/prometheus").body();
              assertThat(gauge(metrics, "frameflow_dead_letter_messages", dlq)).isGreaterThan(0);
              // dead-lettered just now, by the broker's clock (x-death)
              assertThat(gauge(metrics, "frameflow_dead_letter_oldest_age_seconds", dlq))
                  .isBetween(0.0, 60.0);
            });
  }

  /** A gauge's value for one queue, NaN when absent. */
  private static double gauge(String exposition, String metric, String queue) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(?m)^"
                    + metric
                    + "\\{[^}]*queue=\""
                    + java.util.regex.Pattern.quote(queue)
                    + "\"[^}]*\\} (\\S+)$")
            .matcher(exposition);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private HttpResponse<String> get(String path) throws Exception {
    String port = environment.getProperty("local.server.port");
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("operator-app-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
