package dev.frameflow.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The mock API server refuses a JSON Patch that does not apply as kube-apiserver does: 422 at once.
 * A client that diffed against a stale cached copy (what JOSDK's status patch does when SSA is off)
 * must see the refusal and retry from a fresh copy, not hang on a request that never answers.
 */
class MockKubernetesPatchTest {

  @Test
  void aPatchThatMovesAFieldNoLongerThereIsRefusedWith422AtOnce() {
    try (MockKubernetes kubernetes = MockKubernetes.start()) {
      KubernetesClient client = kubernetes.client();
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("stale")
                  .endMetadata()
                  .addToData("present", "3")
                  .build())
          .create();
      String staleMove = "[{\"op\":\"move\",\"from\":\"/data/gone\",\"path\":\"/data/moved\"}]";

      Instant asked = Instant.now();
      KubernetesClientException refused =
          catchThrowableOfType(
              KubernetesClientException.class,
              () ->
                  client
                      .configMaps()
                      .withName("stale")
                      .patch(PatchContext.of(PatchType.JSON), staleMove));

      assertThat(refused.getCode()).isEqualTo(422);
      assertThat(Duration.between(asked, Instant.now()))
          .as("answered, not left to the client's request timeout and retries")
          .isLessThan(Duration.ofSeconds(5));
      ConfigMap kept = client.configMaps().withName("stale").get();
      assertThat(kept.getData()).containsExactlyEntriesOf(java.util.Map.of("present", "3"));
    }
  }
}
