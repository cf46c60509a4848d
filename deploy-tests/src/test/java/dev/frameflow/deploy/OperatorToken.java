package dev.frameflow.deploy;

import dev.frameflow.contracts.access.AccessGrant;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pod shape that reaches S3 without a Secret (issues 13 and 19): a projected ServiceAccount
 * token for the operator's audience, mounted read-only, and the two variables naming the operator's
 * access endpoint and the token file. {@link #shape} gives a Job the operator built that shape and
 * takes away any Secret it reads, so the deployment's admission policy can be run against it before
 * and after the operator builds it itself (then {@link #shape} changes nothing).
 */
final class OperatorToken {

  static final String VOLUME = "operator-token";
  static final String MOUNT_PATH = "/var/run/frameflow/operator-token";
  static final String FILE = MOUNT_PATH + "/token";
  static final long EXPIRATION_SECONDS = 600;

  private OperatorToken() {}

  /**
   * A copy of {@code job} whose pod reads no Secret and carries the projected token for {@code
   * audience}, its endpoint being {@code progressUrl + /access}.
   */
  static Job shape(Job job, String audience, String progressUrl) {
    Job copy = Serialization.clone(job);
    PodSpec pod = copy.getSpec().getTemplate().getSpec();
    Set<String> dropped = new java.util.HashSet<>();
    List<Volume> volumes = new ArrayList<>();
    for (Volume volume : pod.getVolumes()) {
      if (volume.getSecret() != null || volume.getName().equals(VOLUME)) {
        dropped.add(volume.getName());
      } else {
        volumes.add(volume);
      }
    }
    volumes.add(volume(audience, EXPIRATION_SECONDS));
    pod.setVolumes(volumes);
    for (Container container : pod.getContainers()) {
      List<EnvVar> env = new ArrayList<>();
      for (EnvVar variable : container.getEnv()) {
        boolean secret =
            variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null;
        boolean ours =
            variable.getName().equals(AccessGrant.URL_VARIABLE)
                || variable.getName().equals(AccessGrant.TOKEN_FILE_VARIABLE);
        if (!secret && !ours) {
          env.add(variable);
        }
      }
      env.add(new EnvVar(AccessGrant.URL_VARIABLE, progressUrl + AccessGrant.PATH, null));
      env.add(new EnvVar(AccessGrant.TOKEN_FILE_VARIABLE, FILE, null));
      container.setEnv(env);
      List<VolumeMount> mounts = new ArrayList<>();
      for (VolumeMount mount : container.getVolumeMounts()) {
        if (!dropped.contains(mount.getName())) {
          mounts.add(mount);
        }
      }
      mounts.add(
          new VolumeMountBuilder()
              .withName(VOLUME)
              .withMountPath(MOUNT_PATH)
              .withReadOnly(true)
              .build());
      container.setVolumeMounts(mounts);
    }
    return copy;
  }

  /** The projected volume holding only the token. */
  static Volume volume(String audience, long expirationSeconds) {
    return new VolumeBuilder()
        .withName(VOLUME)
        .withNewProjected()
        .withDefaultMode(0440)
        .addNewSource()
        .withNewServiceAccountToken()
        .withAudience(audience)
        .withExpirationSeconds(expirationSeconds)
        .withPath("token")
        .endServiceAccountToken()
        .endSource()
        .endProjected()
        .build();
  }
}
