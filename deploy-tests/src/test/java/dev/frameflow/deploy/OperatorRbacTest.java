package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The operator gets exactly the documented permissions (helm/frameflow/README.md, "RBAC"). */
class OperatorRbacTest {

  /** group/resource verb, one line per permission. */
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
          "core/configmaps delete",
          "core/secrets create",
          "coordination.k8s.io/leases get",
          "coordination.k8s.io/leases create",
          "coordination.k8s.io/leases update");

  private final Manifests chart = HelmCharts.template("frameflow", Map.of());

  @Test
  void theOperatorRoleGrantsExactlyTheDocumentedPermissions() {
    Role role = chart.one(Role.class, "frameflow-operator");

    assertThat(permissions(role.getRules())).containsExactlyInAnyOrderElementsOf(DOCUMENTED);
    assertThat(role.getRules())
        .allSatisfy(
            rule -> {
              assertThat(rule.getResourceNames()).as("no resourceNames games").isNullOrEmpty();
              assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            });
  }

  @Test
  void onlyTheOperatorServiceAccountIsBoundAndNothingIsClusterWide() {
    RoleBinding binding = chart.one(RoleBinding.class, "frameflow-operator");

    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo("frameflow-operator");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo("frameflow-operator");
              assertThat(s.getNamespace()).isEqualTo(HelmCharts.NAMESPACE);
            });
    assertThat(chart.ofKind("ClusterRole")).isEmpty();
    assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
    assertThat(chart.all(Role.class)).hasSize(1);
    assertThat(chart.all(RoleBinding.class)).hasSize(1);
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
