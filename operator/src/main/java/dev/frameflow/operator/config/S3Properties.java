package dev.frameflow.operator.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.s3.*} as shared with the api-gateway. The operator passes these on to every
 * extractor Job as {@code AWS_REGION}, {@code FRAMEFLOW_S3_ENDPOINT} and {@code
 * FRAMEFLOW_S3_PATH_STYLE}. Credentials never pass through the operator: on EKS the pod gets them
 * from IRSA; where there is no such identity (kind, MinIO) {@code jobCredentialsRef} names a Secret
 * whose keys ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}) become the container's
 * environment by reference.
 */
@ConfigurationProperties("frameflow.s3")
public record S3Properties(
    @DefaultValue("us-east-1") String region,
    String endpoint,
    @DefaultValue("false") boolean pathStyle,
    String jobCredentialsRef) {

  public static S3Properties aws(String region) {
    return new S3Properties(region, null, false, null);
  }
}
