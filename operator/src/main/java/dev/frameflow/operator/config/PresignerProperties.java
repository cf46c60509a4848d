package dev.frameflow.operator.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.s3.*} as shared with the api-gateway: the S3 the operator presigns each Job's
 * URLs against, with its own credentials: {@code accessKey}/{@code secretKey} when given (kind,
 * MinIO, tests), else the standard AWS chain (IRSA on EKS). Jobs get no credentials, only their
 * presigned URLs.
 */
@ConfigurationProperties("frameflow.s3")
public record PresignerProperties(
    @DefaultValue("us-east-1") String region,
    String endpoint,
    @DefaultValue("false") boolean pathStyle,
    String accessKey,
    String secretKey) {

  public static PresignerProperties aws(String region) {
    return new PresignerProperties(region, null, false, null, null);
  }

  /** Static credentials, or the AWS default chain when none are given. */
  public software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials() {
    return dev.frameflow.objectstreams.ServiceCredentials.of(accessKey, secretKey);
  }
}
