package dev.frameflow.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * s3proxy in this JVM over a directory, with the two Frameflow buckets and SigV4 credentials. It
 * can be stopped and started again on the same port with the same content, to play an S3 outage.
 */
public final class InProcessS3 implements AutoCloseable {

  public static final String UPLOADS = "frameflow-uploads";
  public static final String RESULTS = "frameflow-results";
  public static final String ACCESS_KEY = "frameflow-test";
  public static final String SECRET_KEY = "frameflow-test-secret-key";

  private final Path directory;
  private volatile S3Proxy proxy;
  private final int port;
  private final S3Client client;

  private InProcessS3(Path directory, S3Proxy proxy) {
    this.directory = directory;
    this.proxy = proxy;
    this.port = proxy.getPort();
    this.client =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(endpoint())
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
  }

  public static InProcessS3 start(Path directory) {
    try {
      for (String bucket : List.of(UPLOADS, RESULTS)) {
        Files.createDirectories(directory.resolve(bucket));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new InProcessS3(directory, startProxy(directory, 0));
  }

  private static S3Proxy startProxy(Path directory, int port) {
    try {
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()))
              .endpoint(URI.create("http://127.0.0.1:" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .ignoreUnknownHeaders(true)
              .build();
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        Thread.sleep(10);
      }
      return proxy;
    } catch (Exception e) {
      throw new IllegalStateException("could not start s3proxy", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public S3Client client() {
    return client;
  }

  public void put(String bucket, String key, byte[] content) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
  }

  public void put(String bucket, String key, Path file) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
  }

  public byte[] get(String bucket, String key) {
    return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  public boolean exists(String bucket, String key) {
    try {
      client.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** An outage: connections to the endpoint are refused until {@link #restart()}. */
  public synchronized void stop() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public synchronized void restart() {
    proxy = startProxy(directory, port);
  }

  @Override
  public void close() {
    client.close();
    stop();
  }
}
