package dev.frameflow.operator.testing;

import dev.frameflow.testing.Checkout;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator ServiceAccount's rights as the deployment grants them: the Role (in the operator's
 * namespace) and the ClusterRole of {@code kustomize/base/operator/rbac.yaml}, which deploy-tests
 * check the Helm chart renders the same. Decides a request as Kubernetes' RBAC authorizer does:
 * allowed when some rule names its verb, API group and resource (with subresource), and, for a
 * Role, the request is in the Role's namespace.
 */
final class OperatorRbac {

  static final String SERVICE_ACCOUNT = "frameflow-operator";

  private final List<PolicyRule> namespaced;
  private final List<PolicyRule> clusterWide;

  private OperatorRbac(List<PolicyRule> namespaced, List<PolicyRule> clusterWide) {
    this.namespaced = namespaced;
    this.clusterWide = clusterWide;
  }

  static OperatorRbac fromDeployment() {
    Path file = Checkout.root().resolve("kustomize/base/operator/rbac.yaml");
    List<PolicyRule> namespaced = new ArrayList<>();
    List<PolicyRule> clusterWide = new ArrayList<>();
    try {
      for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
        if (document.isBlank() || !document.contains("kind:")) {
          continue;
        }
        HasMetadata object = Serialization.unmarshal(document);
        if (object instanceof Role role) {
          namespaced.addAll(role.getRules());
        } else if (object instanceof ClusterRole role) {
          clusterWide.addAll(role.getRules());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (namespaced.isEmpty()) {
      throw new IllegalStateException("no operator Role in " + file);
    }
    return new OperatorRbac(namespaced, clusterWide);
  }

  /**
   * What Kubernetes' bootstrap ClusterRole {@code system:basic-user} grants every authenticated
   * user: asking what it may do itself (JOSDK's leader election asks before it starts).
   */
  private static final List<PolicyRule> EVERY_AUTHENTICATED_USER =
      List.of(
          new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
              .withApiGroups("authorization.k8s.io")
              .withResources("selfsubjectaccessreviews", "selfsubjectrulesreviews")
              .withVerbs("create")
              .build(),
          new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
              .withApiGroups("authentication.k8s.io")
              .withResources("selfsubjectreviews")
              .withVerbs("create")
              .build());

  /**
   * The rules that apply to the operator in {@code namespace}, as a SelfSubjectRulesReview lists
   * them: the Role's there (when it is the operator's), the ClusterRole's and every authenticated
   * user's.
   */
  List<PolicyRule> rulesIn(String namespace, String operatorNamespace) {
    List<PolicyRule> rules = new ArrayList<>(EVERY_AUTHENTICATED_USER);
    rules.addAll(clusterWide);
    if (operatorNamespace.equals(namespace)) {
      rules.addAll(namespaced);
    }
    return rules;
  }

  boolean allows(ApiRequest request, String operatorNamespace) {
    if (!request.resourceRequest()) {
      return true; // discovery: system:discovery lets every authenticated user read it
    }
    if (EVERY_AUTHENTICATED_USER.stream().anyMatch(rule -> matches(rule, request))) {
      return true;
    }
    if (clusterWide.stream().anyMatch(rule -> matches(rule, request))) {
      return true;
    }
    return operatorNamespace.equals(request.namespace())
        && namespaced.stream().anyMatch(rule -> matches(rule, request));
  }

  private static boolean matches(PolicyRule rule, ApiRequest request) {
    return anyOf(rule.getVerbs(), request.verb())
        && anyOf(rule.getApiGroups(), request.group())
        && anyOf(rule.getResources(), request.qualifiedResource())
        && (rule.getResourceNames() == null
            || rule.getResourceNames().isEmpty()
            || (request.name() != null && rule.getResourceNames().contains(request.name())));
  }

  private static boolean anyOf(List<String> allowed, String value) {
    return allowed != null && (allowed.contains("*") || allowed.contains(value));
  }
}
