package dev.frameflow.extractor.slice;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.contracts.upload.PresignedAccess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * Where an index's part and {@link SliceIndex} go. In a Job: through the index's own presigned URLs
 * (from the pod's {@link AccessGrant}, or a directory of files for a hand-run CLI: its part of the
 * shared multipart upload, or — below S3's minimum part size, unless it is the only slice — its
 * spill object; then its index object). Locally (tests, benchmark): files {@code part-N.zip} and
 * {@code index-N.json} in a directory, read by {@link LocalAssembly}.
 */
public interface SliceUpload {

  JsonMapper JSON = JsonMapper.builder().build();

  /** Stores the part and then its index (the index last: its presence means the part is there). */
  SliceIndex store(SliceExtractor.Slice slice) throws IOException;

  /** Files in {@code dir}. */
  static SliceUpload toDirectory(Path dir) {
    return slice -> {
      Files.createDirectories(dir);
      int n = slice.index().slice();
      Files.move(
          slice.part(), dir.resolve("part-" + n + ".zip"), StandardCopyOption.REPLACE_EXISTING);
      // a local "upload" has no minimum part size: every part counts as uploaded
      SliceIndex index = withPart(slice.index(), SliceAccess.partNumber(n), "local");
      Path tmp = dir.resolve("index-" + n + ".json.tmp");
      JSON.writeValue(tmp.toFile(), index);
      Files.move(tmp, dir.resolve("index-" + n + ".json"), StandardCopyOption.ATOMIC_MOVE);
      return index;
    };
  }

  /** The URL files in {@code accessDir} ({@code --slice-access}): {@code part-N.url}, ... */
  static SliceUpload presigned(HttpClient http, Path accessDir, long minPartBytes) {
    return through(http, key -> url(accessDir, key), minPartBytes);
  }

  /**
   * The URLs of the pod's {@link AccessGrant}: one index's only, so the slice stored must be that
   * index (anything else is refused before a byte is sent).
   */
  static SliceUpload presigned(HttpClient http, AccessGrant.SliceGrant grant, long minPartBytes) {
    return presigned(http, grant.index(), () -> grant, minPartBytes);
  }

  /**
   * The same for index {@code n}'s URLs as {@code grant} gives them when each request is made (a
   * grant renewed while the index runs: the same URLs, signed anew).
   */
  static SliceUpload presigned(
      HttpClient http,
      int n,
      java.util.function.Supplier<AccessGrant.SliceGrant> grant,
      long minPartBytes) {
    SliceUpload upload =
        through(
            http,
            key -> {
              AccessGrant.SliceGrant now = grant.get();
              if (now == null || now.index() != n) {
                throw new IOException("the access grant holds no URLs of index " + n);
              }
              Map<String, String> urls =
                  Map.of(
                      SliceAccess.partKey(n), now.partUrl(),
                      SliceAccess.spillKey(n), now.spillUrl(),
                      SliceAccess.indexKey(n), now.indexUrl());
              String url = urls.get(key);
              if (url == null) {
                throw new IOException("the access grant holds no " + key);
              }
              return URI.create(url.strip());
            },
            minPartBytes);
    return slice -> {
      if (slice.index().slice() != n) {
        throw new IOException(
            "slice " + slice.index().slice() + " cannot go through index " + n + "'s grant");
      }
      return upload.store(slice);
    };
  }

  /** The presigned URL of a key of {@link SliceAccess} ({@code part-3.url}, ...). */
  @FunctionalInterface
  interface Urls {
    URI of(String key) throws IOException;
  }

  private static SliceUpload through(HttpClient http, Urls urls, long minPartBytes) {
    return slice -> {
      int n = slice.index().slice();
      long size = Files.size(slice.part());
      SliceIndex index;
      if (size >= minPartBytes || slice.index().slices() == 1) {
        URI url = urls.of(SliceAccess.partKey(n));
        HttpResponse<String> answer =
            put(http, url, HttpRequest.BodyPublishers.ofFile(slice.part()));
        String etag =
            answer
                .headers()
                .firstValue("ETag")
                .orElseThrow(() -> new IOException("part " + n + ": no ETag in the answer"));
        index = withPart(slice.index(), SliceAccess.partNumber(n), etag);
      } else {
        put(
            http,
            urls.of(SliceAccess.spillKey(n)),
            HttpRequest.BodyPublishers.ofFile(slice.part()));
        index = slice.index();
      }
      put(
          http,
          urls.of(SliceAccess.indexKey(n)),
          HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(index)));
      return index;
    };
  }

  /** S3's smallest part but the last. */
  long MIN_PART_BYTES = PresignedAccess.MIN_PART_SIZE_BYTES;

  private static SliceIndex withPart(SliceIndex i, int partNumber, String etag) {
    return new SliceIndex(
        i.slice(),
        i.slices(),
        i.firstTick(),
        i.endTick(),
        i.source(),
        i.video(),
        i.options(),
        i.strategy(),
        i.partBytes(),
        partNumber,
        etag,
        i.modifiedMillis(),
        i.entries());
  }

  private static URI url(Path accessDir, String key) throws IOException {
    return URI.create(Files.readString(accessDir.resolve(key)).strip());
  }

  private static HttpResponse<String> put(HttpClient http, URI url, HttpRequest.BodyPublisher body)
      throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).PUT(body).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 == 2) {
          return answer;
        }
        last = new IOException("PUT " + url.getPath() + ": HTTP " + answer.statusCode());
        if (answer.statusCode() < 500) {
          throw last;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (IOException e) {
        if (e == last) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }
}
