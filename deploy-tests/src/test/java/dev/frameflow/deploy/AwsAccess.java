package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;

/**
 * Who may assume an AWS role through IRSA: the api-gateway and the operator (which presigns each
 * Job's URLs), never the extractor nor the frame-server (the gateway presigns its source reads).
 */
final class AwsAccess {

  static final String ROLE_ARN = "eks.amazonaws.com/role-arn";

  private AwsAccess() {}

  static void assertOnlyTheS3UsersHaveRoles(Manifests manifests) {
    assertThat(annotations(manifests, "frameflow-api-gateway")).containsKey(ROLE_ARN);
    assertThat(annotations(manifests, "frameflow-operator")).containsKey(ROLE_ARN);
    assertThat(annotations(manifests, "frameflow-extractor"))
        .as("the extractor has no AWS access, only its Job's presigned URLs")
        .doesNotContainKey(ROLE_ARN);
    assertThat(annotations(manifests, "frameflow-frame-server"))
        .as("the frame-server has no AWS access, only the gateway's presigned source URLs")
        .doesNotContainKey(ROLE_ARN);
  }

  private static java.util.Map<String, String> annotations(Manifests manifests, String name) {
    var annotations = manifests.one(ServiceAccount.class, name).getMetadata().getAnnotations();
    return annotations == null ? java.util.Map.of() : annotations;
  }
}
