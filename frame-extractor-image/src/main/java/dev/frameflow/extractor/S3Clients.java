package dev.frameflow.extractor;

import dev.frameflow.objectstreams.S3Settings;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client from an environment map (never from {@code System.getenv} directly, so the
 * operator's test kubelet can run the CLI in-process with the Job's environment).
 *
 * <ul>
 *   <li>{@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (+ optional {@code
 *       AWS_SESSION_TOKEN}): static credentials; otherwise the default AWS chain (IRSA, Pod
 *       Identity, profile, ...).
 *   <li>{@code AWS_REGION}: region, default {@code us-east-1}.
 *   <li>{@code FRAMEFLOW_S3_ENDPOINT}: endpoint override for S3-compatible stores.
 *   <li>{@code FRAMEFLOW_S3_PATH_STYLE=true}: path-style access.
 * </ul>
 */
public final class S3Clients {

  public static final String DEFAULT_REGION = S3Settings.DEFAULT_REGION;

  private S3Clients() {}

  public static S3Client fromEnvironment(Map<String, String> env) {
    S3Settings settings =
        new S3Settings(
            env.get("AWS_REGION"),
            env.get("FRAMEFLOW_S3_ENDPOINT"),
            Boolean.parseBoolean(env.get("FRAMEFLOW_S3_PATH_STYLE")),
            null,
            null);
    return settings.client(credentials(env));
  }

  private static AwsCredentialsProvider credentials(Map<String, String> env) {
    String keyId = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (keyId == null || keyId.isBlank() || secret == null || secret.isBlank()) {
      return DefaultCredentialsProvider.builder().build();
    }
    String token = env.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(
        token == null || token.isBlank()
            ? AwsBasicCredentials.create(keyId, secret)
            : software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                keyId, secret, token));
  }
}
