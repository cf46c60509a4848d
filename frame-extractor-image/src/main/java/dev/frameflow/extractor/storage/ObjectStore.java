package dev.frameflow.extractor.storage;

import dev.frameflow.extractor.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Reads sources and opens ZIP destinations on S3 or the local file system. */
public final class ObjectStore {

  /** 8 MiB: one part in memory at a time keeps the heap small; S3 allows 10,000 parts (80 GB). */
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  private final S3Client s3;
  private final int partSize;

  public ObjectStore(S3Client s3) {
    this(s3, DEFAULT_PART_SIZE);
  }

  public ObjectStore(S3Client s3, int partSize) {
    this.s3 = s3;
    this.partSize = partSize;
  }

  /**
   * A local path to read the source from: the file itself, or a copy of the S3 object in {@code
   * workDir}. A missing source is bad input.
   */
  public Path fetch(ObjectLocation source, Path workDir) throws IOException {
    if (source instanceof ObjectLocation.LocalFile local) {
      if (!Files.isRegularFile(local.path())) {
        throw new BadInputException("source not found: " + local.path());
      }
      return local.path();
    }
    ObjectLocation.S3Object object = (ObjectLocation.S3Object) source;
    Path copy = workDir.resolve("source");
    try {
      requireS3()
          .getObject(
              b -> b.bucket(object.bucket()).key(object.key()), ResponseTransformer.toFile(copy));
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw new BadInputException("source not found: " + object);
    }
    return copy;
  }

  public ZipDestination open(ObjectLocation output) throws IOException {
    if (output instanceof ObjectLocation.LocalFile local) {
      return new LocalZipDestination(local.path());
    }
    return new S3ZipDestination(requireS3(), (ObjectLocation.S3Object) output, partSize);
  }

  private S3Client requireS3() {
    if (s3 == null) {
      throw new IllegalStateException("an s3:// location needs an S3 client");
    }
    return s3;
  }
}
