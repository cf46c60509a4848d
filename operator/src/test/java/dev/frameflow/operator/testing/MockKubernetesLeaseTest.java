package dev.frameflow.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/**
 * Leader election stands on the API server's optimistic concurrency: two replicas that read the
 * same Lease and both write it must not both win. The mock API server answers as kube-apiserver
 * does: an update carrying a resourceVersion that is no longer the stored one gets 409 Conflict,
 * and a second create of the same name 409 AlreadyExists.
 */
class MockKubernetesLeaseTest {

  @Test
  void anUpdateFromAStaleReadIsRefusedWithConflict() {
    try (MockKubernetes kubernetes = MockKubernetes.start()) {
      KubernetesClient client = kubernetes.client();
      Lease created = client.resource(lease("first")).create();
      Lease staleCopy = client.resource(created).get();

      Lease renewed = client.resource(holder(created, "first")).update();
      assertThat(renewed.getMetadata().getResourceVersion())
          .isNotEqualTo(created.getMetadata().getResourceVersion());

      KubernetesClientException conflict =
          catchThrowableOfType(
              KubernetesClientException.class,
              () -> client.resource(holder(staleCopy, "second")).update());

      assertThat(conflict.getCode()).isEqualTo(409);
      assertThat(client.leases().withName("frameflow-operator").get().getSpec().getHolderIdentity())
          .isEqualTo("first");
    }
  }

  @Test
  void aSecondCreateOfTheSameLeaseIsRefusedWithConflict() {
    try (MockKubernetes kubernetes = MockKubernetes.start()) {
      KubernetesClient client = kubernetes.client();
      client.resource(lease("first")).create();

      KubernetesClientException exists =
          catchThrowableOfType(
              KubernetesClientException.class, () -> client.resource(lease("second")).create());

      assertThat(exists.getCode()).isEqualTo(409);
    }
  }

  private static Lease lease(String holder) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName("frameflow-operator")
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(holder)
        .withLeaseDurationSeconds(15)
        .endSpec()
        .build();
  }

  /** The Lease as read, written again by {@code holder} with a fresh renew time. */
  private static Lease holder(Lease read, String holder) {
    return new LeaseBuilder(read)
        .editSpec()
        .withHolderIdentity(holder)
        .withRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))
        .endSpec()
        .build();
  }
}
