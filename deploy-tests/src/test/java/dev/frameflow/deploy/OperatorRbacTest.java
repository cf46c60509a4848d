package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operator gets exactly the documented permissions (helm/frameflow/README.md, "RBAC"). */
class OperatorRbacTest {

  /** group/resource verb, one line per permission of the namespaced Role. */
  static final Set<String> DOCUMENTED =
      Set.of(
          "frameflow.dev/videojobs get",
          "frameflow.dev/videojobs list",
          "frameflow.dev/videojobs watch",
          "frameflow.dev/videojobs create",
          "frameflow.dev/videojobs delete",
          "frameflow.dev/videojobs patch",
          "frameflow.dev/videojobs update",
          "frameflow.dev/videojobs/status get",
          "frameflow.dev/videojobs/status patch",
          "frameflow.dev/videojobs/status update",
          "batch/jobs get",
          "batch/jobs list",
          "batch/jobs watch",
          "batch/jobs create",
          "batch/jobs delete",
          "core/pods get",
          "core/pods list",
          "core/pods watch",
          "core/events create",
          "core/events patch",
          "core/configmaps get",
          "core/configmaps list",
          "core/configmaps create",
          "core/configmaps patch",
          "core/configmaps delete",
          "coordination.k8s.io/leases get",
          "coordination.k8s.io/leases create",
          "coordination.k8s.io/leases update",
          "coordination.k8s.io/leases patch");

  /**
   * The one cluster-wide permission: checking an extraction pod's projected token (TokenReview is
   * cluster-scoped).
   */
  static final Set<String> DOCUMENTED_CLUSTER_WIDE =
      Set.of("authentication.k8s.io/tokenreviews create");

  private final Manifests chart = HelmCharts.template("frameflow", Map.of());

  @Test
  void theOperatorRoleGrantsExactlyTheDocumentedPermissions() {
    Role role = chart.one(Role.class, "frameflow-operator");

    assertThat(permissions(role.getRules())).containsExactlyInAnyOrderElementsOf(DOCUMENTED);
    assertNoResourceNamesOrUrls(role.getRules());
  }

  @Test
  void theOperatorTouchesNoSecretAtAll() {
    assertThat(chart.one(Role.class, "frameflow-operator").getRules())
        .as("extraction Jobs get their URLs from GET /access, not from a Secret")
        .allSatisfy(rule -> assertThat(rule.getResources()).doesNotContain("secrets", "*"));
    assertThat(chart.one(ClusterRole.class, "frameflow-frameflow-operator-tokenreviews").getRules())
        .allSatisfy(rule -> assertThat(rule.getResources()).doesNotContain("secrets", "*"));
  }

  @Test
  void onlyTheOperatorServiceAccountIsBound() {
    RoleBinding binding = chart.one(RoleBinding.class, "frameflow-operator");

    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo("frameflow-operator");
    assertOperatorServiceAccount(binding.getSubjects(), "frameflow-operator", HelmCharts.NAMESPACE);
    assertThat(chart.all(Role.class)).hasSize(1);
    assertThat(chart.all(RoleBinding.class)).hasSize(1);
  }

  @Test
  void theOnlyClusterWideRightIsCreatingTokenReviews() {
    // cluster-scoped, so named after the namespace and the release (like the admission policy)
    assertTokenReviewsOnly(
        chart,
        "frameflow-frameflow-operator-tokenreviews",
        "frameflow-operator",
        HelmCharts.NAMESPACE);
  }

  @Test
  void twoReleasesGetTwoClusterRolesEachBoundToItsOwnOperator() {
    Manifests a = HelmCharts.template("frameflow", Map.of("fullnameOverride", "frameflow-a"));
    Manifests b = HelmCharts.template("frameflow", Map.of("fullnameOverride", "frameflow-b"));

    assertTokenReviewsOnly(
        a, "frameflow-frameflow-a-operator-tokenreviews", "frameflow-a-operator", "frameflow");
    assertTokenReviewsOnly(
        b, "frameflow-frameflow-b-operator-tokenreviews", "frameflow-b-operator", "frameflow");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kind", "dev", "prod"})
  void theOverlaysGrantTheSameClusterWideRight(String env) {
    Manifests overlay = Kustomize.build(KustomizeOverlaysTest.overlay(env));

    assertTokenReviewsOnly(
        overlay, "frameflow-operator-tokenreviews", "frameflow-operator", "frameflow");
  }

  /** The release's one ClusterRole and its one binding: tokenreviews create, for the operator. */
  static void assertTokenReviewsOnly(
      Manifests manifests, String name, String operatorAccount, String namespace) {
    assertThat(manifests.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(name);
    ClusterRole role = manifests.one(ClusterRole.class, name);
    assertThat(permissions(role.getRules()))
        .containsExactlyInAnyOrderElementsOf(DOCUMENTED_CLUSTER_WIDE);
    assertNoResourceNamesOrUrls(role.getRules());
    assertThat(role.getAggregationRule()).isNull();

    assertThat(manifests.all(ClusterRoleBinding.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(name);
    ClusterRoleBinding binding = manifests.one(ClusterRoleBinding.class, name);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo(name);
    assertOperatorServiceAccount(binding.getSubjects(), operatorAccount, namespace);
    assertThat(
            manifests.all(io.fabric8.kubernetes.api.model.apps.Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(operatorAccount))
                .map(d -> d.getSpec().getTemplate().getSpec().getServiceAccountName()))
        .as("the operator Deployment runs as the bound ServiceAccount")
        .containsExactly(operatorAccount);
  }

  private static void assertOperatorServiceAccount(
      List<Subject> subjects, String name, String namespace) {
    assertThat(subjects)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(name);
              assertThat(s.getNamespace()).isEqualTo(namespace);
            });
  }

  private static void assertNoResourceNamesOrUrls(List<PolicyRule> rules) {
    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(rule.getResourceNames()).as("no resourceNames games").isNullOrEmpty();
              assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            });
  }

  static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            permissions.add((group.isEmpty() ? "core" : group) + "/" + resource + " " + verb);
          }
        }
      }
    }
    return permissions;
  }
}
