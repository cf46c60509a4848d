package dev.frameflow.extractor.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a video is read from or a ZIP is written to: an S3 object ({@code s3://bucket/key}), an
 * HTTP(S) URL (a presigned GET of the source, read in place) or a local file.
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
    if (text.startsWith("https://") || text.startsWith("http://")) {
      URI uri;
      try {
        uri = URI.create(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a valid URL");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("a URL needs a host");
      }
      return new Url(uri);
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

  /** A URL; its query (a presigned URL's signature) never shows in logs, results or manifests. */
  record Url(URI uri) implements ObjectLocation {
    @Override
    public String toString() {
      String text = uri.toString();
      int query = text.indexOf('?');
      return query < 0 ? text : text.substring(0, query);
    }
  }

  record LocalFile(Path path) implements ObjectLocation {
    @Override
    public String toString() {
      return path.toString();
    }
  }
}
