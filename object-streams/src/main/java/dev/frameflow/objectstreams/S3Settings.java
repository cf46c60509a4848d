package dev.frameflow.objectstreams;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * How a service reaches S3 ({@code frameflow.s3.*}: region, an endpoint for S3-compatible stores,
 * path-style access, optional static keys) and the one place its S3 clients and presigners are made
 * from them: the api-gateway's and the operator's alike. Without keys the credentials are the AWS
 * default chain's ({@link ServiceCredentials}: IRSA on EKS).
 *
 * @param region the AWS region; {@value #DEFAULT_REGION} when not given
 * @param endpoint the store's endpoint, or null for AWS's own
 * @param pathStyle path-style addressing ({@code endpoint/bucket/key}), as MinIO and s3proxy want
 */
public record S3Settings(
    String region, String endpoint, boolean pathStyle, String accessKey, String secretKey) {

  public static final String DEFAULT_REGION = "us-east-1";

  public S3Settings {
    region = region == null || region.isBlank() ? DEFAULT_REGION : region.trim();
    endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.trim();
  }

  /** AWS's own S3 in {@code region}, with the default credentials chain. */
  public static S3Settings aws(String region) {
    return new S3Settings(region, null, false, null, null);
  }

  public URI endpointUri() {
    return endpoint == null ? null : URI.create(endpoint);
  }

  /** The static keys when both are given, else the default chain; one per service. */
  public AwsCredentialsProvider credentials() {
    return ServiceCredentials.of(accessKey, secretKey);
  }

  public S3Client client(AwsCredentialsProvider credentials) {
    var builder =
        S3Client.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .forcePathStyle(pathStyle);
    if (endpoint != null) {
      builder.endpointOverride(endpointUri());
    }
    return builder.build();
  }

  /** The SDK's presigner (the api-gateway's downloads). */
  public S3Presigner presigner(AwsCredentialsProvider credentials) {
    var builder =
        S3Presigner.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
    if (endpoint != null) {
      builder.endpointOverride(endpointUri());
    }
    return builder.build();
  }

  /** Our own SigV4 query-string presigner (the operator's Job URLs, hundreds per Job). */
  public QueryStringPresigner queryStringPresigner(AwsCredentialsProvider credentials) {
    return new QueryStringPresigner(endpointUri(), pathStyle, region, credentials);
  }
}
