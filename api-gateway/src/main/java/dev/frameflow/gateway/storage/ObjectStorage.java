package dev.frameflow.gateway.storage;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.objectstreams.MultipartOutputStream;
import dev.frameflow.objectstreams.ObjectTooLargeException;
import dev.frameflow.objectstreams.QueryStringPresigner;
import dev.frameflow.objectstreams.S3PartWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Streams request bodies into S3 without holding a whole file, through the shared {@link
 * MultipartOutputStream}: at most three parts of one upload are in memory (two being sent while the
 * next is read). Any failure aborts the multipart upload, so nothing is left behind.
 */
@Component
public class ObjectStorage implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ObjectStorage.class);
  private static final String OCTET_STREAM = "application/octet-stream";
  // two parts on the wire while the next is read: keeps both the client and S3 busy
  private static final int PARTS_IN_FLIGHT = 2;

  private final S3Client s3;
  private final S3Presigner presigner;
  private final AwsCredentialsProvider credentials;
  private final ExecutorService partSenders = Executors.newCachedThreadPool(daemonThreads());

  public ObjectStorage(S3Client s3, S3Presigner presigner, AwsCredentialsProvider credentials) {
    this.s3 = s3;
    this.presigner = presigner;
    this.credentials = credentials;
  }

  /**
   * Stores {@code head} followed by the rest of {@code in} under {@code target}. {@code head} is
   * what the caller already read (to check the content); when it is shorter than {@code partSize}
   * the stream is known to be finished and a single PUT is used.
   *
   * @return the number of bytes stored
   * @throws ObjectTooLargeException when the content exceeds {@code maxBytes}
   * @throws IOException when reading {@code in} fails (for example the client went away)
   */
  public long store(
      ObjectRef target,
      byte[] head,
      InputStream in,
      long maxBytes,
      int partSize,
      Map<String, String> metadata)
      throws IOException {
    if (head.length > maxBytes) {
      throw new ObjectTooLargeException(maxBytes);
    }
    if (head.length < partSize) {
      s3.putObject(
          b ->
              b.bucket(target.bucket())
                  .key(target.key())
                  .contentType(OCTET_STREAM)
                  .metadata(metadata),
          body(head, head.length));
      return head.length;
    }
    return storeMultipart(target, head, in, maxBytes, partSize, metadata);
  }

  private long storeMultipart(
      ObjectRef target,
      byte[] head,
      InputStream in,
      long maxBytes,
      int partSize,
      Map<String, String> metadata)
      throws IOException {
    MultipartOutputStream stream =
        new MultipartOutputStream(
            new S3PartWriter(s3, target.bucket(), target.key(), OCTET_STREAM, metadata),
            partSize,
            PARTS_IN_FLIGHT,
            maxBytes,
            partSenders);
    try {
      if (head.length == partSize) {
        stream.adoptFirstPart(head);
      } else {
        stream.write(head);
      }
      in.transferTo(stream);
      return stream.complete();
    } catch (IOException | RuntimeException e) {
      // ObjectTooLargeException included: the parts sent so far are dropped
      stream.abort();
      throw e;
    }
  }

  // the SDK may re-read a body on retry: hand it a fresh view over the same bytes, never a copy
  private static RequestBody body(byte[] buffer, int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(buffer, 0, length), length, OCTET_STREAM);
  }

  /** Deletes the object; a missing object is fine (idempotent). */
  public void delete(ObjectRef object) {
    try {
      s3.deleteObject(b -> b.bucket(object.bucket()).key(object.key()));
    } catch (NoSuchKeyException alreadyGone) {
      // nothing to do
    }
  }

  /**
   * A URL that downloads the object without credentials until it expires: after {@code validFor},
   * or sooner when the gateway's own credentials expire first (IRSA's last about an hour; a URL
   * signed with them stops working with them, so it says so).
   */
  public URI presignedDownload(ObjectRef object, Duration validFor, String fileName) {
    String disposition =
        "attachment; filename=\"" + fileName.replaceAll("[\"\\\\\\r\\n]", "_") + "\"";
    return presignedGet(object, validFor, g -> g.responseContentDisposition(disposition));
  }

  /**
   * A URL that reads the object (ranges too) without credentials, for a reader that holds none: the
   * frame-server renders frames of a video's source through it. Same expiry rule as {@link
   * #presignedDownload}.
   */
  public URI presignedRead(ObjectRef object, Duration validFor) {
    return presignedGet(object, validFor, g -> {});
  }

  private URI presignedGet(
      ObjectRef object, Duration validFor, Consumer<GetObjectRequest.Builder> extra) {
    Duration valid =
        QueryStringPresigner.validity(validFor, credentials.resolveCredentials(), Instant.now());
    return URI.create(
        presigner
            .presignGetObject(
                p ->
                    p.signatureDuration(valid)
                        .getObjectRequest(
                            g -> {
                              g.bucket(object.bucket()).key(object.key());
                              extra.accept(g);
                            }))
            .url()
            .toString());
  }

  @Override
  public void close() {
    partSenders.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "s3-part-sender-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
