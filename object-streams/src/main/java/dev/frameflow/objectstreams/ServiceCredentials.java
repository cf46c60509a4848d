package dev.frameflow.objectstreams;

import java.time.format.DateTimeFormatter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The AWS credentials of a service (the api-gateway, the operator): static keys when both are
 * configured (kind's MinIO, a developer's machine), else the SDK's default chain, which on EKS
 * trades the pod's IRSA web identity token at STS for keys that expire and renews them (that step
 * needs the SDK's {@code sts} module at runtime). One provider per service, shared by its S3 client
 * and presigners, so that one STS session serves them all.
 */
public final class ServiceCredentials {

  private ServiceCredentials() {}

  public static AwsCredentialsProvider of(String accessKey, String secretKey) {
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
  }

  /**
   * Resolves the credentials once, at the service's start: the default chain reads its settings
   * (role, token file, STS endpoint) on first use, and a service with none should say so at once
   * rather than at its first upload. Returns what to log: where the credentials came from and until
   * when, never a key. A failure is reported, not thrown: STS may come back before it is needed.
   */
  public static String describeAtStart(AwsCredentialsProvider provider) {
    try {
      AwsCredentials credentials = provider.resolveCredentials();
      return credentials
          .expirationTime()
          .map(
              at ->
                  "temporary AWS credentials (web identity through STS on EKS), valid until "
                      + DateTimeFormatter.ISO_INSTANT.format(at))
          .orElse("static AWS credentials (frameflow.s3.access-key)");
    } catch (SdkException e) {
      return "no AWS credentials yet (" + e.getMessage() + ")";
    }
  }
}
