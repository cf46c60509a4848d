package dev.frameflow.gateway.storage;

import dev.frameflow.objectstreams.S3Settings;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where videos and results live ({@code FRAMEFLOW_S3_*}). {@code endpoint} and {@code pathStyle}
 * point the client at an S3-compatible store; without {@code accessKey}/{@code secretKey} the AWS
 * default credentials chain is used (IRSA / Pod Identity in EKS).
 */
@ConfigurationProperties("frameflow.s3")
public record StorageProperties(
    @DefaultValue("us-east-1") String region,
    URI endpoint,
    @DefaultValue("false") boolean pathStyle,
    @DefaultValue("frameflow-uploads") String uploadBucket,
    @DefaultValue("frameflow-results") String resultBucket,
    String accessKey,
    String secretKey) {

  /** How to reach the store, as every Frameflow service reads {@code frameflow.s3}. */
  public S3Settings connection() {
    return new S3Settings(
        region, endpoint == null ? null : endpoint.toString(), pathStyle, accessKey, secretKey);
  }
}
