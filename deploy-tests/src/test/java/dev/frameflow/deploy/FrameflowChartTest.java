package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameflowChartTest {

  static final Path PROD_VALUES = HelmCharts.chart("frameflow").resolve("values-prod.yaml");
  static final Path KIND_VALUES = HelmCharts.chart("frameflow").resolve("values-kind.yaml");
  private static final Pattern SECRET_LIKE =
      Pattern.compile(".*(PASSWORD|USERNAME|SECRET|ACCESS_KEY|PRIVATE_KEY$).*");

  private static final Manifests DEFAULTS = HelmCharts.template("frameflow", Map.of());
  private static final Manifests PRODUCTION =
      HelmCharts.template("frameflow", Map.of(), PROD_VALUES);
  private static final Manifests KIND = HelmCharts.template("frameflow", Map.of(), KIND_VALUES);

  static Manifests defaults() {
    return DEFAULTS;
  }

  static Manifests production() {
    return PRODUCTION;
  }

  static Stream<Arguments> installs() {
    return Stream.of(
        Arguments.of("default values", defaults()),
        Arguments.of("values-prod.yaml", production()),
        Arguments.of("values-kind.yaml", KIND));
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult result = new Helm(HelmCharts.chart("frameflow")).lint().strict().call();

    assertThat(result.getMessages()).filteredOn(m -> !m.startsWith("[INFO]")).isEmpty();
    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installs")
  void everyPodIsRestrictedAndEveryServiceIsProbed(String install, Manifests manifests) {
    Map<String, PodSpec> pods = manifests.podSpecs();

    assertThat(pods)
        .containsOnlyKeys(
            "Deployment/frameflow-api-gateway",
            "Deployment/frameflow-operator",
            "Deployment/frameflow-frame-server");
    pods.forEach(PodSecurity::assertRestricted);
    pods.forEach(PodSecurity::assertProbed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installs")
  void secretsAreOnlyReferencedNeverRendered(String install, Manifests manifests) {
    assertThat(manifests.ofKind("Secret")).isEmpty();
    manifests.all(ConfigMap.class).stream()
        .filter(cm -> !cm.getMetadata().getName().equals("frameflow-dashboard"))
        .forEach(
            cm ->
                assertThat(cm.getData().keySet())
                    .as("ConfigMap %s", cm.getMetadata().getName())
                    .noneMatch(key -> SECRET_LIKE.matcher(key).matches()));
    manifests.podSpecs().values().stream()
        .flatMap(pod -> pod.getContainers().stream())
        .flatMap(c -> c.getEnv().stream())
        .filter(env -> SECRET_LIKE.matcher(env.getName()).matches())
        .forEach(
            env ->
                assertThat(env.getValueFrom())
                    .as("%s comes from a Secret", env.getName())
                    .isNotNull()
                    .extracting(v -> v.getSecretKeyRef())
                    .isNotNull());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installs")
  void apiGatewayCannotReachTheKubernetesApi(String install, Manifests manifests) {
    assertThat(
            manifests
                .one(ServiceAccount.class, "frameflow-api-gateway")
                .getAutomountServiceAccountToken())
        .isFalse();
    assertThat(
            manifests
                .one(Deployment.class, "frameflow-api-gateway")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAutomountServiceAccountToken())
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installs")
  void operatorRunsTwoLeaderElectedReplicasThatStartExtractorJobs(
      String install, Manifests manifests) {
    Deployment operator = manifests.one(Deployment.class, "frameflow-operator");
    ConfigMap config = manifests.one(ConfigMap.class, "frameflow-operator");
    String operatorImage =
        operator.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();

    assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
    assertThat(config.getData())
        .containsEntry("FRAMEFLOW_OPERATOR_LEADER_ELECTION_ENABLED", "true")
        .containsEntry("FRAMEFLOW_OPERATOR_JOB_SERVICE_ACCOUNT", "frameflow-extractor");
    manifests.one(ServiceAccount.class, "frameflow-extractor");
    String extractorImage = config.getData().get("FRAMEFLOW_OPERATOR_EXTRACTOR_IMAGE");
    assertThat(Images.name(extractorImage))
        .isEqualTo(
            Images.name(operatorImage).replace("frameflow/operator", "frameflow/frame-extractor"));
    assertThat(Images.isPinned(extractorImage)).isTrue();
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName)
        .contains("FRAMEFLOW_OPERATOR_NAMESPACE");
    assertThat(
            manifests
                .one(PodDisruptionBudget.class, "frameflow-operator")
                .getSpec()
                .getMinAvailable()
                .getIntVal())
        .isEqualTo(1);
  }

  @Test
  void imagesDefaultToTheChartAppVersion() {
    assertThat(defaults().podSpecs().values())
        .flatExtracting(PodSpec::getContainers)
        .extracting(c -> c.getImage())
        .containsExactlyInAnyOrder(
            "frameflow/api-gateway:0.1.0",
            "frameflow/operator:0.1.0",
            // the frame-server runs the extractor's image
            "frameflow/frame-extractor:0.1.0");
  }

  @Test
  void aDigestPinsTheImageAndReachesTheOperatorForJobs() {
    String digest = "sha256:" + "ab".repeat(32);
    Manifests manifests =
        HelmCharts.template(
            "frameflow",
            Map.of(
                "imageRegistry",
                "registry.example.org",
                "extractor.image.digest",
                digest,
                "extractor.image.tag",
                "1.2.3"));

    assertThat(manifests.one(ConfigMap.class, "frameflow-operator").getData())
        .containsEntry(
            "FRAMEFLOW_OPERATOR_EXTRACTOR_IMAGE",
            "registry.example.org/frameflow/frame-extractor:1.2.3@" + digest);
  }

  @Test
  void theLatestTagIsRefused() {
    assertThatThrownBy(() -> HelmCharts.render("frameflow", Map.of("operator.image.tag", "latest")))
        .hasMessageContaining("/operator/image/tag");
  }

  @Test
  void productionUsesIrsaAnAlbIngressAutoscalingAndMonitoring() {
    Manifests prod = production();

    AwsAccess.assertOnlyTheS3UsersHaveRoles(prod);
    var ingress =
        prod.one(
            io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "frameflow-api-gateway");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("alb.ingress.kubernetes.io/target-type", "ip")
        .containsKey("alb.ingress.kubernetes.io/certificate-arn");
    PublicRoutes.assertOnlyThePublicApiIsRouted(ingress);
    PublicRoutes.assertTheAlbIsTerraformsHttpsOnlyOne(ingress);
    assertThat(
            prod.one(HorizontalPodAutoscaler.class, "frameflow-api-gateway")
                .getSpec()
                .getMaxReplicas())
        .isGreaterThan(
            prod.one(HorizontalPodAutoscaler.class, "frameflow-api-gateway")
                .getSpec()
                .getMinReplicas());
    assertThat(prod.one(Deployment.class, "frameflow-api-gateway").getSpec().getReplicas())
        .as("the HPA owns the replica count")
        .isNull();
    assertThat(prod.ofKind("ServiceMonitor"))
        .extracting(o -> o.getMetadata().getName())
        .containsExactlyInAnyOrder("frameflow-api-gateway", "frameflow-operator");
    assertThat(prod.one(ConfigMap.class, "frameflow-operator").getData())
        .containsEntry("SPRING_RABBITMQ_SSL_ENABLED", "true")
        .doesNotContainKey("FRAMEFLOW_S3_ENDPOINT");
  }

  @Test
  void alertsCoverOutboxLagFailedVideoJobsAndReconcileErrors() {
    GenericKubernetesResource rule =
        (GenericKubernetesResource) production().one("PrometheusRule", "frameflow");
    List<Map<String, Object>> rules = rule.get("spec", "groups", 0, "rules");

    assertThat(rules)
        .extracting(r -> r.get("alert") + " := " + r.get("expr"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith("FrameflowOutboxLag")
                    .contains("frameflow_outbox_lag_seconds"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith("FrameflowVideoJobFailureRate")
                    .contains("outcome=\"failed\""))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith("FrameflowReconcileErrors")
                    .contains("operator_sdk_reconciliations_failed_total"));
    assertThat(rules).allSatisfy(r -> assertThat(r).containsKeys("labels", "annotations"));
    // symptoms page (fast burns) or open tickets (slow burns); every cause is a ticket
    assertThat(rules)
        .filteredOn(r -> ((String) r.get("alert")).contains("SLO"))
        .extracting(r -> r.get("alert") + " " + ((Map<?, ?>) r.get("labels")).get("severity"))
        .containsExactlyInAnyOrder(
            "FrameflowUploadSLOFastBurn page",
            "FrameflowUploadSLOSlowBurn ticket",
            "FrameflowCompletionSLOFastBurn page",
            "FrameflowCompletionSLOSlowBurn ticket",
            "FrameflowWebhookSLOFastBurn page",
            "FrameflowWebhookSLOSlowBurn ticket");
    assertThat(rules)
        .filteredOn(r -> !((String) r.get("alert")).contains("SLO"))
        .extracting(r -> String.valueOf(((Map<?, ?>) r.get("labels")).get("severity")))
        .containsOnly("ticket");
    assertThat(rules)
        .filteredOn(r -> r.get("alert").equals("FrameflowUploadSLOFastBurn"))
        .extracting(r -> (String) r.get("expr"))
        .singleElement()
        .asString()
        .contains(
            "frameflow:slo_upload_errors:ratio_rate1h{namespace=\"frameflow\"} > (14.4 * (1 - 0.995))",
            "frameflow:slo_upload_errors:ratio_rate5m{namespace=\"frameflow\"} > (14.4 * (1 - 0.995))",
            "frameflow:slo_upload_errors:ratio_rate6h{namespace=\"frameflow\"} > (6 * (1 - 0.995))",
            "frameflow:slo_upload_errors:ratio_rate30m{namespace=\"frameflow\"} > (6 * (1 - 0.995))");
    List<Map<String, Object>> recorded = rule.get("spec", "groups", 1, "rules");
    assertThat(recorded)
        .extracting(r -> (String) r.get("record"))
        .as("each SLI over every window the alerts read")
        .hasSize(21)
        .contains(
            "frameflow:slo_upload_errors:ratio_rate3d",
            "frameflow:slo_completion_late:ratio_rate5m",
            "frameflow:slo_webhook_late:ratio_rate2h");
    assertThat(rules)
        .extracting(r -> (String) r.get("alert"))
        .contains(
            "FrameflowDeadLetteredMessages",
            "FrameflowVideosPastDeadline",
            "FrameflowAccessRefused");
    String runbooks;
    try {
      runbooks = java.nio.file.Files.readString(Repository.path("docs/runbooks.md")).toLowerCase();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(rules)
        .as("every alert links its runbook section, and the section exists")
        .allSatisfy(
            r -> {
              @SuppressWarnings("unchecked")
              String url =
                  ((Map<String, Object>) r.get("annotations")).get("runbook_url").toString();
              String anchor = url.substring(url.indexOf("docs/runbooks.md#") + 17);
              assertThat(anchor).isEqualTo(((String) r.get("alert")).toLowerCase());
              assertThat(runbooks).contains("## " + anchor);
            });
  }

  @Test
  void theGrafanaDashboardIsValidJsonForTheSidecar() {
    ConfigMap dashboard = production().one(ConfigMap.class, "frameflow-dashboard");

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    Map<?, ?> json =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            dashboard.getData().get("frameflow.json"), Map.class);
    assertThat(json.get("title")).isEqualTo("Frameflow");
    assertThat((Iterable<?>) json.get("panels")).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void monitoringAndIngressAreOptional() {
    assertThat(defaults().ofKind("ServiceMonitor")).isEmpty();
    assertThat(defaults().ofKind("PrometheusRule")).isEmpty();
    assertThat(defaults().ofKind("Ingress")).isEmpty();
  }
}
