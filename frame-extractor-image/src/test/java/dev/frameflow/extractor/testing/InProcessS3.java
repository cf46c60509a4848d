package dev.frameflow.extractor.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** s3proxy on a file-system store in this JVM, checking AWS signatures. */
public final class InProcessS3 implements AutoCloseable {

  public static final String ACCESS_KEY = "extractor-test";
  public static final String SECRET_KEY = "extractor-test-secret";

  private final S3Proxy proxy;
  private final URI endpoint;

  private InProcessS3(S3Proxy proxy, URI endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  public static InProcessS3 start(Path directory, String... buckets) throws Exception {
    for (String bucket : buckets) {
      Files.createDirectories(directory.resolve(bucket));
    }
    URI endpoint = URI.create("http://127.0.0.1:" + freePort());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()))
            .endpoint(endpoint)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .ignoreUnknownHeaders(true)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    return new InProcessS3(proxy, endpoint);
  }

  /** The environment a Job container would get to reach this store. */
  public Map<String, String> environment() {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY",
        SECRET_KEY,
        "AWS_REGION",
        "us-east-1",
        "FRAMEFLOW_S3_ENDPOINT",
        endpoint.toString(),
        "FRAMEFLOW_S3_PATH_STYLE",
        "true");
  }

  /** Presigns with the test credentials, as the operator does with its own. */
  public software.amazon.awssdk.services.s3.presigner.S3Presigner presigner() {
    return software.amazon.awssdk.services.s3.presigner.S3Presigner.builder()
        .endpointOverride(endpoint)
        .serviceConfiguration(
            software.amazon.awssdk.services.s3.S3Configuration.builder()
                .pathStyleAccessEnabled(true)
                .build())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
