package dev.frameflow.testing;

import dev.frameflow.testing.aws.IssuedCredentials;
import dev.frameflow.testing.aws.IssuedCredentials.Issued;
import dev.frameflow.testing.aws.IssuedCredentials.Principal;
import dev.frameflow.testing.aws.S3RequestRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * s3proxy in this JVM over a directory, checking SigV4 signatures as S3 does (a tampered presigned
 * URL gets 403). It takes the tests' own key ({@link #ACCESS_KEY}, for setup and assertions) and
 * the temporary keys {@link dev.frameflow.testing.aws.TestSts} issues to the services' roles; every
 * request is attributed to its signer and recorded for the IAM conformance check (see {@code
 * docs/conformance.md}). It can be stopped and started again on the same port with the same
 * content, to play an S3 outage.
 */
public final class InProcessS3 implements AutoCloseable {

  public static final String UPLOADS = "frameflow-uploads";
  public static final String RESULTS = "frameflow-results";
  public static final String ACCESS_KEY = "frameflow-test";
  public static final String SECRET_KEY = "frameflow-test-secret-key";

  /** The tests' own key: setup and assertions, never evaluated against a production policy. */
  private static final Issued HARNESS =
      new Issued(Principal.TEST_HARNESS, ACCESS_KEY, SECRET_KEY, null, null);

  private final Path directory;
  private volatile S3Proxy proxy;
  private final int port;
  private final S3Client client;

  private InProcessS3(Path directory, S3Proxy proxy) {
    this.directory = directory;
    this.proxy = proxy;
    this.port = proxy.getPort();
    this.client = newClient();
  }

  /** A store with the two Frameflow buckets, {@link #UPLOADS} and {@link #RESULTS}. */
  public static InProcessS3 start(Path directory) {
    return start(directory, UPLOADS, RESULTS);
  }

  /** A store with these buckets only. */
  public static InProcessS3 start(Path directory, String... buckets) {
    try {
      for (String bucket : buckets) {
        Files.createDirectories(directory.resolve(bucket));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new InProcessS3(directory, startProxy(directory, 0));
  }

  private static S3Proxy startProxy(Path directory, int port) {
    try {
      var blobStore = new FilesystemNio2BlobStore(directory.toAbsolutePath().toString());
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(blobStore)
              .endpoint(URI.create("http://127.0.0.1:" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              // the SDK's multipart client sends x-amz-mp-object-size, which s3proxy does not know
              .ignoreUnknownHeaders(true)
              .build();
      // every key the test JVM issued, each request attributed to its signer and recorded
      IssuedCredentials.register(HARNESS);
      S3RequestRecorder.installIn(proxy, blobStore, Clock.systemUTC());
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

  /** A new client with the store's credentials; the caller closes it. */
  public S3Client client() {
    return newClient();
  }

  private S3Client newClient() {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint())
        .forcePathStyle(true)
        .credentialsProvider(credentials())
        .build();
  }

  /**
   * Presigns with the store's credentials, as the operator does with its own; the caller closes it.
   */
  public S3Presigner presigner() {
    return S3Presigner.builder()
        .endpointOverride(endpoint())
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .build();
  }

  /** The environment a Job container (or the extractor CLI) would get to reach this store. */
  public Map<String, String> environment() {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY",
        SECRET_KEY,
        "AWS_REGION",
        "us-east-1",
        "FRAMEFLOW_S3_ENDPOINT",
        endpoint().toString(),
        "FRAMEFLOW_S3_PATH_STYLE",
        "true");
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
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
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** The buckets this store was started with or has since created. */
  public List<String> buckets() {
    return client.listBuckets().buckets().stream().map(b -> b.name()).toList();
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
