package dev.frameflow.deploy;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;

/**
 * The pod shape that reaches S3 without a Secret: a projected ServiceAccount token for the
 * operator's audience, mounted read-only at {@link #MOUNT_PATH}; written here by hand, so that the
 * tests compare the operator's Jobs with it rather than with themselves.
 */
final class OperatorToken {

  static final String VOLUME = "operator-token";
  static final String MOUNT_PATH = "/var/run/frameflow/operator-token";
  static final String FILE = MOUNT_PATH + "/token";
  static final long EXPIRATION_SECONDS = 600;

  private OperatorToken() {}

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
