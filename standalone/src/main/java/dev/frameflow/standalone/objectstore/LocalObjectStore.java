package dev.frameflow.standalone.objectstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible store over a local folder (s3proxy), listening on loopback only. The api-gateway
 * and the extractor talk to it with the same AWS SDK code they use against S3, so the standalone
 * mode exercises the production storage path. The access key is made up at each start and never
 * written anywhere: only this process knows it.
 */
public final class LocalObjectStore implements AutoCloseable {

  private final S3Proxy proxy;
  private final String accessKey;
  private final String secretKey;

  private LocalObjectStore(S3Proxy proxy, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  public static LocalObjectStore start(Path directory, int port, List<String> buckets) {
    try {
      for (String bucket : buckets) {
        // a bucket of the filesystem store is a folder under its base directory
        Files.createDirectories(directory.resolve(bucket));
      }
      String accessKey = "frameflow-" + randomHex(4);
      String secretKey = randomHex(24);
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()))
              .endpoint(URI.create("http://127.0.0.1:" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
              // the SDK's multipart client sends x-amz-mp-object-size, unknown to s3proxy
              .ignoreUnknownHeaders(true)
              .build();
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        Thread.sleep(10);
      }
      return new LocalObjectStore(proxy, accessKey, secretKey);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the object store in " + directory, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the object store", e);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the object store", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the object store", e);
    }
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
