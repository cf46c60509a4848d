package dev.frameflow.operator.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.s3.*} as shared with the api-gateway. The operator passes these on to every
 * extractor Job as {@code AWS_REGION}, {@code FRAMEFLOW_S3_ENDPOINT} and {@code
 * FRAMEFLOW_S3_PATH_STYLE}; credentials never pass through it (the pod gets them from IRSA).
 */
@ConfigurationProperties("frameflow.s3")
public record S3Properties(
    @DefaultValue("us-east-1") String region,
    String endpoint,
    @DefaultValue("false") boolean pathStyle) {

  public static S3Properties aws(String region) {
    return new S3Properties(region, null, false);
  }
}
