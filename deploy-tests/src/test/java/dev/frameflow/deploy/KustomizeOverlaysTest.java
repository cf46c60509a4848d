package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KustomizeOverlaysTest {

  static final Set<String> FRAMEFLOW_IMAGES =
      Set.of("frameflow/api-gateway", "frameflow/operator", "frameflow/frame-extractor");
  static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding");

  static Path overlay(String name) {
    return Repository.path("kustomize/overlays/" + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kind", "dev", "prod"})
  void everyObjectParsesIntoATypedModelInTheFrameflowNamespace(String env) {
    Manifests manifests = Kustomize.build(overlay(env));

    assertThat(manifests.all()).isNotEmpty();
    assertThat(manifests.all())
        .as("objects fabric8 has no model for: only External Secrets' and Prometheus Operator's")
        .filteredOn(GenericKubernetesResource.class::isInstance)
        .allMatch(
            o ->
                o.getApiVersion().startsWith("external-secrets.io/")
                    || o.getApiVersion().startsWith("monitoring.coreos.com/"));
    for (HasMetadata object : manifests.all()) {
      String id = object.getKind() + "/" + object.getMetadata().getName();
      if (CLUSTER_SCOPED.contains(object.getKind())) {
        assertThat(object.getMetadata().getNamespace()).as(id).isNull();
      } else {
        assertThat(object.getMetadata().getNamespace()).as(id).isEqualTo("frameflow");
      }
    }
    assertThat(manifests.ofKind("Namespace"))
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("frameflow");
    assertThat(manifests.ofKind("Secret")).as("no Secret lives in Git").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kind", "dev", "prod"})
  void imagesComeFromTheOverlaysImagesList(String env) throws IOException {
    Map<String, Map<String, String>> images = Kustomize.images(overlay(env));
    Manifests manifests = Kustomize.build(overlay(env));

    assertThat(images.keySet()).as("CI bumps exactly these names").containsAll(FRAMEFLOW_IMAGES);
    images
        .values()
        .forEach(i -> assertThat(Images.isPinned(Kustomize.reference(i))).as("%s", i).isTrue());
    assertThat(container(manifests, "frameflow-api-gateway").getImage())
        .isEqualTo(Kustomize.reference(images.get("frameflow/api-gateway")));
    assertThat(container(manifests, "frameflow-operator").getImage())
        .isEqualTo(Kustomize.reference(images.get("frameflow/operator")));
    assertThat(extractorImage(manifests))
        .isEqualTo(Kustomize.reference(images.get("frameflow/frame-extractor")));
    assertThat(container(manifests, "frameflow-frame-server").getImage())
        .as("the frame-server runs the same image as the extraction Jobs")
        .isEqualTo(Kustomize.reference(images.get("frameflow/frame-extractor")));
  }

  @Test
  void aTagBumpOfTheExtractorReachesTheOperatorsEnvironment(
      @org.junit.jupiter.api.io.TempDir Path ignored) throws IOException {
    // What CI's `kustomize edit set image` produces, one level up so the repository stays
    // untouched.
    Path bump = Repository.path("deploy-tests/target/kustomize-bump");
    Files.createDirectories(bump);
    Files.writeString(
        bump.resolve("kustomization.yaml"),
        """
        resources: [../../../kustomize/overlays/prod]
        images:
          - name: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/frameflow/frame-extractor
            newTag: 4f2c9e1
        """);

    Manifests bumped = Kustomize.build(bump);

    assertThat(extractorImage(bumped))
        .isEqualTo(
            "111122223333.dkr.ecr.eu-west-1.amazonaws.com/frameflow/frame-extractor:4f2c9e1");
    assertThat(container(bumped, "frameflow-operator").getImage())
        .endsWith("/frameflow/operator:0.1.0");
    assertThat(container(bumped, "frameflow-frame-server").getImage())
        .as("the frame-server follows the extractor's tag")
        .isEqualTo(
            "111122223333.dkr.ecr.eu-west-1.amazonaws.com/frameflow/frame-extractor:4f2c9e1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kind", "dev", "prod"})
  void everyPodIsRestrictedAndEveryServiceIsProbed(String env) {
    Manifests manifests = Kustomize.build(overlay(env));

    manifests.podSpecs().forEach(PodSecurity::assertRestricted);
    manifests.longRunningPodSpecs().forEach(PodSecurity::assertProbed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kind", "dev", "prod"})
  void theOperatorGetsTheSameRulesAsFromTheChart(String env) {
    Role role = Kustomize.build(overlay(env)).one(Role.class, "frameflow-operator");

    assertThat(OperatorRbacTest.permissions(role.getRules()))
        .containsExactlyInAnyOrderElementsOf(OperatorRbacTest.DOCUMENTED);
  }

  @Test
  void kindRunsItsDependenciesInTheClusterAndExposesTheApiOnANodePort() {
    Manifests dev = Kustomize.build(overlay("kind"));

    assertThat(dev.podSpecs().keySet())
        .contains(
            "StatefulSet/postgresql",
            "Deployment/rabbitmq",
            "StatefulSet/minio",
            "Deployment/mailpit");
    var service = dev.one(io.fabric8.kubernetes.api.model.Service.class, "frameflow-api-gateway");
    assertThat(service.getSpec().getType()).isEqualTo("NodePort");
    assertThat(service.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30080);
    assertThat(configOf(dev, "frameflow-api-gateway"))
        .containsEntry("FRAMEFLOW_S3_ENDPOINT", "http://minio.frameflow.svc:9000")
        .containsEntry("SPRING_MAIL_HOST", "mailpit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void onEksIrsaAmazonMqOverTlsAndAnAlbAreUsed(String env) {
    Manifests prod = Kustomize.build(overlay(env));

    AwsAccess.assertOnlyTheS3UsersHaveRoles(prod);
    Ingress ingress = prod.one(Ingress.class, "frameflow-api-gateway");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
    PublicRoutes.assertOnlyThePublicApiIsRouted(ingress);
    PublicRoutes.assertTheAlbIsTerraformsHttpsOnlyOne(ingress);
    assertThat(configOf(prod, "frameflow-operator"))
        .containsEntry("SPRING_RABBITMQ_SSL_ENABLED", "true")
        .containsEntry("SPRING_RABBITMQ_PORT", "5671")
        .doesNotContainKey("FRAMEFLOW_S3_ENDPOINT");
    assertThat(prod.podSpecs().keySet())
        .containsExactlyInAnyOrder(
            "Deployment/frameflow-api-gateway",
            "Deployment/frameflow-operator",
            "Deployment/frameflow-frame-server");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everySecretAnEksPodReadsIsCopiedFromThisEnvironmentsSecretsManagerEntries(String env) {
    Manifests prod = Kustomize.build(overlay(env));
    Set<String> provided =
        prod.ofKind("ExternalSecret").stream()
            .map(GenericKubernetesResource.class::cast)
            .map(es -> (String) es.get("spec", "target", "name"))
            .collect(java.util.stream.Collectors.toSet());

    assertThat(referencedSecrets(prod)).isNotEmpty();
    assertThat(provided).containsAll(referencedSecrets(prod));
    // the database login is RDS's own entry (manage_master_user_password: no Terraform state
    // holds it), named by RDS; every other Secret is this environment's frameflow/<env>/<name>
    prod.ofKind("ExternalSecret").stream()
        .map(GenericKubernetesResource.class::cast)
        .forEach(
            es ->
                assertThat((String) es.get("spec", "dataFrom", 0, "extract", "key"))
                    .as(es.getMetadata().getName())
                    .matches(
                        es.getMetadata().getName().equals("frameflow-postgresql")
                            ? "arn:aws:secretsmanager:[a-z0-9-]+:\\d{12}:secret:rds!db-[0-9a-f-]{36}-\\w{6}"
                            : "frameflow/"
                                + env
                                + "/"
                                + es.getMetadata().getName().replace("frameflow-", "")));
  }

  @Test
  void devOnEksIsProdAtDevSizesAndNamesNothingOfProd() {
    Manifests dev = Kustomize.build(overlay("dev"));
    Manifests prod = Kustomize.build(overlay("prod"));

    assertThat(dev.all())
        .extracting(KustomizeOverlaysTest::withoutContentHash)
        .containsExactlyInAnyOrderElementsOf(
            prod.all().stream().map(KustomizeOverlaysTest::withoutContentHash).toList());
    assertThat(Kustomize.render(overlay("dev"))).doesNotContain("prod");
    assertThat(configOf(dev, "frameflow-operator"))
        .containsEntry("FRAMEFLOW_S3_UPLOAD_BUCKET", "frameflow-dev-uploads")
        .containsEntry("FRAMEFLOW_OPERATOR_MAX_CONCURRENT_JOBS", "4");
    assertThat(
            dev.one(Ingress.class, "frameflow-api-gateway").getSpec().getRules().get(0).getHost())
        .isEqualTo("dev.frameflow.example.org");
  }

  /** Kind/name, without the hash Kustomize appends to generated ConfigMaps' names. */
  private static String withoutContentHash(HasMetadata object) {
    String name = object.getMetadata().getName();
    return object.getKind()
        + "/"
        + (object.getKind().equals("ConfigMap") ? name.replaceAll("-[a-z0-9]{10}$", "") : name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void eksIsMonitoredWithTheSameAlertsAndDashboardAsTheChart(String env) {
    Manifests prod = Kustomize.build(overlay(env));
    Manifests chart = HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.PROD_VALUES);

    assertThat(prod.ofKind("ServiceMonitor"))
        .extracting(o -> o.getMetadata().getName())
        .containsExactlyInAnyOrder("frameflow-api-gateway", "frameflow-operator");
    assertThat(alerts(prod)).isNotEmpty().isEqualTo(alerts(chart));
    assertThat(dashboard(prod)).isNotEmpty().isEqualTo(dashboard(chart));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> dashboard(Manifests manifests) {
    String json =
        manifests
            .one(io.fabric8.kubernetes.api.model.ConfigMap.class, "frameflow-dashboard")
            .getData()
            .get("frameflow.json");
    return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(json, Map.class);
  }

  /**
   * "group/alert name" or "group/record name" -> expression, whitespace collapsed, for every group
   * (the SLOs' recording rules have their own).
   */
  static Map<String, String> alerts(Manifests manifests) {
    GenericKubernetesResource rule =
        (GenericKubernetesResource) manifests.one("PrometheusRule", "frameflow");
    java.util.List<Map<String, Object>> groups = rule.get("spec", "groups");
    Map<String, String> byName = new java.util.TreeMap<>();
    for (Map<String, Object> group : groups) {
      @SuppressWarnings("unchecked")
      java.util.List<Map<String, Object>> rules =
          (java.util.List<Map<String, Object>>) group.get("rules");
      for (Map<String, Object> r : rules) {
        String name =
            r.containsKey("alert") ? "alert " + r.get("alert") : "record " + r.get("record");
        String previous =
            byName.put(
                group.get("name") + "/" + name,
                ((String) r.get("expr")).replaceAll("\\s+", " ").strip());
        assertThat(previous).as("%s is defined once", name).isNull();
      }
    }
    return byName;
  }

  static Set<String> referencedSecrets(Manifests manifests) {
    Set<String> names = new java.util.TreeSet<>();
    for (var pod : manifests.podSpecs().values()) {
      pod.getContainers().stream()
          .flatMap(c -> c.getEnv().stream())
          .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
          .forEach(e -> names.add(e.getValueFrom().getSecretKeyRef().getName()));
      if (pod.getVolumes() != null) {
        pod.getVolumes().stream()
            .filter(v -> v.getSecret() != null)
            .forEach(v -> names.add(v.getSecret().getSecretName()));
      }
    }
    return names;
  }

  static Container container(Manifests manifests, String deployment) {
    return manifests
        .one(Deployment.class, deployment)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  static String extractorImage(Manifests manifests) {
    return container(manifests, "frameflow-operator").getEnv().stream()
        .filter(e -> e.getName().equals("FRAMEFLOW_OPERATOR_EXTRACTOR_IMAGE"))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow();
  }

  static Map<String, String> configOf(Manifests manifests, String prefix) {
    return manifests.all(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
        .filter(cm -> cm.getMetadata().getName().startsWith(prefix + "-"))
        .findFirst()
        .orElseThrow()
        .getData();
  }
}
