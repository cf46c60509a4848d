package dev.frameflow.extractor.storage;

import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.objectstreams.MultipartOutputStream;
import dev.frameflow.objectstreams.PresignedPartWriter;
import dev.frameflow.objectstreams.S3PartWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Opens sources for ffmpeg and ZIP destinations: a URL is read in place (ranged reads), an S3
 * object with credentials is copied into the work directory first, a local file is read as is. The
 * ZIP goes to the Job's presigned upload when there is one, else to S3 or a local file.
 */
public final class ObjectStore {

  /** 8 MiB: one part in memory at a time keeps the heap small; S3 allows 10,000 parts (80 GB). */
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  private final S3Client s3;
  private final int partSize;
  private final PresignedAccess upload;
  private final String plainHttpHost;

  /** The source URL as it is now (a renewing grant); null: the source's location as given. */
  private final Supplier<URI> renewedSource;

  /** The upload as it is now (a renewing grant); null: {@link #upload} as given. */
  private final Supplier<PresignedAccess> renewedUpload;

  public ObjectStore(S3Client s3) {
    this(s3, DEFAULT_PART_SIZE, null);
  }

  public ObjectStore(S3Client s3, int partSize) {
    this(s3, partSize, null);
  }

  /**
   * @param upload the Job's presigned upload, which every ZIP then goes to (null: none)
   */
  public ObjectStore(S3Client s3, int partSize, PresignedAccess upload) {
    this(s3, partSize, upload, null);
  }

  private ObjectStore(S3Client s3, int partSize, PresignedAccess upload, String plainHttpHost) {
    this(s3, partSize, upload, plainHttpHost, null, null);
  }

  private ObjectStore(
      S3Client s3,
      int partSize,
      PresignedAccess upload,
      String plainHttpHost,
      Supplier<URI> renewedSource,
      Supplier<PresignedAccess> renewedUpload) {
    this.s3 = s3;
    this.partSize = partSize;
    this.upload = upload;
    this.plainHttpHost = plainHttpHost;
    this.renewedSource = renewedSource;
    this.renewedUpload = renewedUpload;
  }

  /**
   * The same store, taking the source's URL and the upload's URLs from these suppliers as each
   * request is made: the pod's grant renewed before its URLs expire (they end with the operator's
   * temporary credentials). A URL source is then read through the relay only (the relay asks for
   * the URL per request), dense plans included.
   *
   * @param source the source's current presigned GET
   * @param upload the upload's current URLs (the same upload throughout), or null: none
   */
  public ObjectStore renewedBy(Supplier<URI> source, Supplier<PresignedAccess> upload) {
    return new ObjectStore(s3, partSize, this.upload, plainHttpHost, source, upload);
  }

  /** Whether a URL source's URL is renewed while the run reads it ({@link #renewedBy}). */
  public boolean renewsSource() {
    return renewedSource != null;
  }

  /** The URL a URL source is read from, as it is at each request. */
  public Supplier<URI> upstream(MediaSource source) {
    if (renewedSource != null) {
      return renewedSource;
    }
    URI fixed = URI.create(source.location());
    return () -> fixed;
  }

  /**
   * The same store, also reading {@code http://} URLs on {@code host}: the object store's host when
   * the operator reaches it without TLS inside the cluster (kind's MinIO). Null: https only.
   */
  public ObjectStore withPlainHttpHost(String host) {
    return new ObjectStore(s3, partSize, upload, host, renewedSource, renewedUpload);
  }

  /**
   * What ffmpeg reads: the local file, the URL itself, or a copy of the S3 object in {@code
   * workDir}. A missing source is bad input.
   */
  public MediaSource open(ObjectLocation source, Path workDir) throws IOException {
    if (source instanceof ObjectLocation.LocalFile local) {
      if (!Files.isRegularFile(local.path())) {
        throw new BadInputException(
            FailureReason.SOURCE_MISSING, "source not found: " + local.path());
      }
      return MediaSource.file(local.path());
    }
    if (source instanceof ObjectLocation.Url url) {
      try {
        return MediaSource.url(url.uri(), plainHttpHost);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(FailureReason.INVALID_OPTIONS, e.getMessage() + ": " + url);
      }
    }
    ObjectLocation.S3Object object = (ObjectLocation.S3Object) source;
    Path copy = workDir.resolve("source");
    try {
      requireS3()
          .getObject(
              b -> b.bucket(object.bucket()).key(object.key()), ResponseTransformer.toFile(copy));
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw new BadInputException(FailureReason.SOURCE_MISSING, "source not found: " + object);
    }
    return MediaSource.file(copy);
  }

  public ZipDestination open(ObjectLocation output) throws IOException {
    if (upload != null) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
      PresignedPartWriter writer =
          renewedUpload == null
              ? new PresignedPartWriter(
                  http,
                  upload.parts().stream().map(URI::create).toList(),
                  URI.create(upload.complete()),
                  URI.create(upload.abort()))
              : new PresignedPartWriter(http, renewing(upload.partSignatures().size()));
      return new StreamZipDestination(
          MultipartOutputStream.sequential(writer, upload.partSizeBytes(), Long.MAX_VALUE));
    }
    if (output instanceof ObjectLocation.LocalFile local) {
      return new LocalZipDestination(local.path());
    }
    if (output instanceof ObjectLocation.Url) {
      throw new BadInputException(
          FailureReason.INVALID_OPTIONS,
          "a URL output needs the Job's presigned upload (--upload)");
    }
    ObjectLocation.S3Object target = (ObjectLocation.S3Object) output;
    return new StreamZipDestination(
        MultipartOutputStream.sequential(
            new S3PartWriter(
                requireS3(), target.bucket(), target.key(), "application/zip", Map.of()),
            partSize,
            Long.MAX_VALUE));
  }

  /** The upload's URLs as the renewing grant has them when each request is made. */
  private PresignedPartWriter.Urls renewing(int parts) {
    return new PresignedPartWriter.Urls() {
      @Override
      public int parts() {
        return parts;
      }

      @Override
      public URI part(int partNumber) {
        return URI.create(renewedUpload.get().part(partNumber));
      }

      @Override
      public URI complete() {
        return URI.create(renewedUpload.get().complete());
      }

      @Override
      public URI abort() {
        return URI.create(renewedUpload.get().abort());
      }
    };
  }

  private S3Client requireS3() {
    if (s3 == null) {
      throw new IllegalStateException("an s3:// location needs an S3 client");
    }
    return s3;
  }
}
