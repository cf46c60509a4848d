package dev.frameflow.extractor.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a video is read from or a ZIP is written to: an S3 object ({@code s3://bucket/key}) or a
 * local file.
 */
public sealed interface ObjectLocation {

  static ObjectLocation parse(String text) {
    Objects.requireNonNull(text, "location");
    if (text.startsWith("s3://")) {
      String rest = text.substring("s3://".length());
      int slash = rest.indexOf('/');
      if (slash <= 0 || slash == rest.length() - 1) {
        throw new IllegalArgumentException("expected s3://bucket/key but got " + text);
      }
      return new S3Object(rest.substring(0, slash), rest.substring(slash + 1));
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("location is blank");
    }
    return new LocalFile(Path.of(text));
  }

  record S3Object(String bucket, String key) implements ObjectLocation {
    @Override
    public String toString() {
      return "s3://" + bucket + "/" + key;
    }
  }

  record LocalFile(Path path) implements ObjectLocation {
    @Override
    public String toString() {
      return path.toString();
    }
  }
}
