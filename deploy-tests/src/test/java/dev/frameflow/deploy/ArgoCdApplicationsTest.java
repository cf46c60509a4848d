package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgoCdApplicationsTest {

  static final String REPO_URL = "https://github.com/frameflow/frameflow.git";

  private final Manifests argocd = Kustomize.build(Repository.path("kustomize/argocd"));

  @Test
  void everyObjectIsAnArgoCdObjectInTheArgocdNamespace() {
    assertThat(argocd.all()).isNotEmpty();
    for (HasMetadata object : argocd.all()) {
      assertThat(object.getApiVersion()).isEqualTo("argoproj.io/v1alpha1");
      assertThat(object.getKind()).isIn("AppProject", "Application");
      assertThat(object.getMetadata().getNamespace())
          .as(object.getMetadata().getName())
          .isEqualTo("argocd");
    }
    assertThat(argocd.ofKind("AppProject"))
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("frameflow");
  }

  @Test
  void theCrdSyncsFirstServerSideAndIsNeverPruned() {
    for (String env : List.of("dev", "prod")) {
      GenericKubernetesResource crds = application("frameflow-crds-" + env);

      assertThat(wave(crds)).isLessThan(wave(application("frameflow-" + env)));
      assertThat((List<String>) crds.get("spec", "syncPolicy", "syncOptions"))
          .contains("ServerSideApply=true", "Prune=false");
      assertThat((Boolean) crds.get("spec", "syncPolicy", "automated", "prune")).isFalse();
      assertThat((String) crds.get("spec", "source", "path")).isEqualTo("crds");
      assertThat((String) crds.get("spec", "source", "directory", "include"))
          .isEqualTo("videojobs.frameflow.dev-v1.yml");
    }
  }

  @Test
  void eachEnvironmentDeploysItsOverlayFromThisRepository() {
    for (String env : List.of("dev", "prod")) {
      GenericKubernetesResource app = application("frameflow-" + env);
      String path = app.get("spec", "source", "path");

      assertThat(path).isEqualTo("kustomize/overlays/" + env);
      assertThat(Files.isRegularFile(Repository.path(path).resolve("kustomization.yaml"))).isTrue();
      assertThat((String) app.get("spec", "destination", "namespace")).isEqualTo("frameflow");
      assertThat((String) app.get("spec", "destination", "name")).isEqualTo("frameflow-" + env);
      assertThat((Boolean) app.get("spec", "syncPolicy", "automated", "selfHeal")).isTrue();
    }
    for (GenericKubernetesResource app : applications()) {
      assertThat((String) app.get("spec", "project")).isEqualTo("frameflow");
      assertThat((String) app.get("spec", "source", "repoURL")).isEqualTo(REPO_URL);
    }
  }

  @Test
  void theProjectAllowsOnlyThisRepositoryAndTheKindsTheOverlaysRender() {
    GenericKubernetesResource project =
        (GenericKubernetesResource) argocd.one("AppProject", "frameflow");

    assertThat((List<String>) project.get("spec", "sourceRepos")).containsExactly(REPO_URL);
    List<Map<String, String>> namespaced = project.get("spec", "namespaceResourceWhitelist");
    assertThat(namespaced).extracting(k -> k.get("kind")).doesNotContain("Secret", "*");
    // exactly the kinds the overlays Argo CD deploys render: all allowed, none allowed in spare
    java.util.Set<String> rendered = new java.util.TreeSet<>();
    for (String env : List.of("dev", "prod")) {
      Kustomize.build(KustomizeOverlaysTest.overlay(env)).all().stream()
          .map(HasMetadata::getKind)
          .filter(kind -> !KustomizeOverlaysTest.CLUSTER_SCOPED.contains(kind))
          .forEach(rendered::add);
    }
    assertThat(namespaced)
        .extracting(k -> k.get("kind"))
        .containsExactlyInAnyOrderElementsOf(rendered);
  }

  /**
   * Cluster-wide, the project may sync the objects Frameflow ships and nothing else, each named: a
   * kind alone (any ClusterRoleBinding) would let a commit bind cluster-admin to anyone.
   */
  @Test
  void theProjectAllowsExactlyTheClusterScopedObjectsWeShipEachByName() throws Exception {
    GenericKubernetesResource project =
        (GenericKubernetesResource) argocd.one("AppProject", "frameflow");
    List<Map<String, String>> clusterWide = project.get("spec", "clusterResourceWhitelist");

    java.util.Set<String> shipped = new java.util.TreeSet<>();
    for (String env : List.of("dev", "prod")) {
      Kustomize.build(KustomizeOverlaysTest.overlay(env)).all().stream()
          .filter(o -> KustomizeOverlaysTest.CLUSTER_SCOPED.contains(o.getKind()))
          .forEach(o -> shipped.add(groupKindName(o)));
    }
    // the CRD, synced by the frameflow-crds-* applications from crds/
    try (var crd = Files.newInputStream(Repository.path("crds/videojobs.frameflow.dev-v1.yml"))) {
      shipped.add(
          "apiextensions.k8s.io/CustomResourceDefinition/"
              + io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                      crd, GenericKubernetesResource.class)
                  .getMetadata()
                  .getName());
    }
    assertThat(shipped)
        .as("the overlays ship the TokenReview ClusterRole and its binding")
        .contains(
            "rbac.authorization.k8s.io/ClusterRole/frameflow-operator-tokenreviews",
            "rbac.authorization.k8s.io/ClusterRoleBinding/frameflow-operator-tokenreviews");

    assertThat(clusterWide)
        .allSatisfy(
            entry ->
                assertThat(entry.get("name"))
                    .as("%s is allowed by name, not by kind alone", entry)
                    .isNotBlank()
                    .doesNotContain("*", "?", "["))
        .extracting(e -> e.get("group") + "/" + e.get("kind") + "/" + e.get("name"))
        .containsExactlyInAnyOrderElementsOf(shipped);
  }

  private static String groupKindName(HasMetadata object) {
    String apiVersion = object.getApiVersion();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return group + "/" + object.getKind() + "/" + object.getMetadata().getName();
  }

  @Test
  void devFollowsMainAndProdApplicationAndCrdFollowAReleaseTag() {
    for (String app : List.of("frameflow-dev", "frameflow-crds-dev")) {
      assertThat((String) application(app).get("spec", "source", "targetRevision"))
          .as(app)
          .isEqualTo("main");
    }
    for (String app : List.of("frameflow-prod", "frameflow-crds-prod")) {
      assertThat((String) application(app).get("spec", "source", "targetRevision"))
          .as("%s follows a release tag, moved by pull request", app)
          .matches("v\\d+\\.\\d+\\.\\d+");
    }
    // the CRD and the application of prod move together
    assertThat((String) application("frameflow-crds-prod").get("spec", "source", "targetRevision"))
        .isEqualTo(application("frameflow-prod").get("spec", "source", "targetRevision"));
  }

  @Test
  void aRootApplicationSyncsTheApplicationsSoThatWavesOrderCrdsThenOperatorThenServices() {
    Manifests root = Kustomize.build(Repository.path("kustomize/argocd/root"));
    GenericKubernetesResource app =
        (GenericKubernetesResource) root.one("Application", "frameflow-root");

    assertThat((String) app.get("spec", "source", "path")).isEqualTo("kustomize/argocd");
    assertThat((String) app.get("spec", "source", "repoURL")).isEqualTo(REPO_URL);
    assertThat((String) app.get("spec", "source", "targetRevision")).isEqualTo("main");
    assertThat((String) app.get("spec", "destination", "namespace")).isEqualTo("argocd");
    // its project may manage Argo CD's own objects in argocd, nothing else
    GenericKubernetesResource project =
        (GenericKubernetesResource) root.one("AppProject", (String) app.get("spec", "project"));
    List<Map<String, String>> kinds = project.get("spec", "namespaceResourceWhitelist");
    assertThat(kinds).extracting(k -> k.get("group")).containsOnly("argoproj.io");
    assertThat(kinds)
        .extracting(k -> k.get("kind"))
        .containsExactlyInAnyOrder("Application", "AppProject");
    assertThat((List<?>) project.get("spec", "clusterResourceWhitelist")).isEmpty();

    // waves: CRD applications, then the environments; inside, the admission policy, the operator,
    // then the api-gateway
    for (String env : List.of("dev", "prod")) {
      assertThat(wave(application("frameflow-crds-" + env)))
          .isLessThan(wave(application("frameflow-" + env)));
      Manifests overlay = Kustomize.build(KustomizeOverlaysTest.overlay(env));
      int policy = wave(overlay.one("ValidatingAdmissionPolicy", "frameflow-operator-jobs"));
      int operator = wave(overlay.one("Deployment", "frameflow-operator"));
      int gateway = wave(overlay.one("Deployment", "frameflow-api-gateway"));
      assertThat(policy).isLessThan(operator);
      assertThat(operator).isLessThan(gateway);
    }
  }

  @Test
  void nothingDeploysProdFromMain() {
    for (GenericKubernetesResource app : applications()) {
      if (((String) app.get("spec", "destination", "name")).endsWith("-prod")) {
        assertThat((String) app.get("spec", "source", "targetRevision"))
            .as(app.getMetadata().getName())
            .isNotIn("main", "HEAD", "master")
            .doesNotContain("/");
      }
    }
  }

  private List<GenericKubernetesResource> applications() {
    return argocd.ofKind("Application").stream()
        .map(GenericKubernetesResource.class::cast)
        .toList();
  }

  private GenericKubernetesResource application(String name) {
    return (GenericKubernetesResource) argocd.one("Application", name);
  }

  private static int wave(HasMetadata app) {
    return Integer.parseInt(
        app.getMetadata().getAnnotations().getOrDefault("argocd.argoproj.io/sync-wave", "0"));
  }
}
