package dev.frameflow.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's indexed store answers like fabric8's stock one: the comparison it enables is only
 * honest if the server behaves the same, faster.
 */
class IndexedCrudDispatcherTest {

  @Test
  void namedObjectsAreCreatedFoundUpdatedAndDeletedAsOnTheStockStore() {
    for (BenchApiServer.Store store : BenchApiServer.Store.values()) {
      try (BenchApiServer server = BenchApiServer.start(store)) {
        KubernetesClient client = server.client();
        VideoJob created = client.resource(VideoJobFixtures.videoJob(UUID.randomUUID())).create();
        String name = created.getMetadata().getName();
        client.resource(VideoJobFixtures.videoJob(UUID.randomUUID())).create();

        assertThatThrownBy(() -> client.resource(VideoJobFixtures.videoJob(spec(created))).create())
            .as("%s: a second create of the same name", store)
            .isInstanceOf(KubernetesClientException.class)
            .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));

        VideoJob found = client.resources(VideoJob.class).withName(name).get();
        assertThat(found.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        VideoJobStatus status = new VideoJobStatus();
        status.setPhase(Phase.Running);
        found.setStatus(status);
        client.resource(found).updateStatus();
        assertThat(client.resources(VideoJob.class).withName(name).get().getStatus().getPhase())
            .as("%s: the status written is the status read", store)
            .isEqualTo(Phase.Running);

        // same name, other kind and other namespace: other objects
        client.configMaps().resource(configMap(name, "here")).create();
        client.configMaps().inNamespace("elsewhere").resource(configMap(name, "there")).create();
        assertThat(client.configMaps().withName(name).get().getData()).containsEntry("at", "here");
        assertThat(client.configMaps().inNamespace("elsewhere").withName(name).get().getData())
            .containsEntry("at", "there");
        assertThat(client.resources(VideoJob.class).list().getItems()).hasSize(2);

        client.resources(VideoJob.class).withName(name).delete();
        assertThat(client.resources(VideoJob.class).withName(name).get()).isNull();
        assertThat(client.resources(VideoJob.class).list().getItems()).hasSize(1);
        assertThat(client.configMaps().withName(name).get()).as("%s", store).isNotNull();
        // and it can be created again once gone
        assertThat(client.resource(VideoJobFixtures.videoJob(spec(created))).create()).isNotNull();
      }
    }
  }

  private static UUID spec(VideoJob videoJob) {
    return UUID.fromString(videoJob.getSpec().videoId());
  }

  private static ConfigMap configMap(String name, String at) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToData("at", at)
        .build();
  }
}
