package dev.frameflow.objectstreams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.testing.InProcessS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Our presigner's URLs against s3proxy, which checks SigV4 signatures as S3 does: what they name is
 * allowed, and a URL changed in any part of what was signed is refused.
 */
class QueryStringPresignerIT {

  static final String BUCKET = "objects";
  static final Duration VALID = Duration.ofMinutes(5);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path store;
  static InProcessS3 proxy;
  static S3Client s3;
  static QueryStringPresigner presigner;

  @BeforeAll
  static void start() {
    proxy = InProcessS3.start(store, BUCKET);
    s3 = proxy.client();
    presigner = presigner(InProcessS3.SECRET_KEY, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    s3.close();
    proxy.close();
  }

  static QueryStringPresigner presigner(String secret, Clock clock) {
    return new QueryStringPresigner(
        proxy.endpoint(),
        true,
        "us-east-1",
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(InProcessS3.ACCESS_KEY, secret)),
        clock);
  }

  @Test
  void aPresignedGetReadsTheObjectAndItsRanges() throws Exception {
    String key = "sources/a video (1) + ü.mp4";
    byte[] content = random(10_000);
    proxy.put(BUCKET, key, content);
    URI url = URI.create(presigner.getObject(BUCKET, key, VALID));

    HttpResponse<byte[]> whole = send(HttpRequest.newBuilder(url).GET());
    HttpResponse<byte[]> range = send(HttpRequest.newBuilder(url).header("Range", "bytes=100-199"));

    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(content);
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 200));
  }

  @Test
  void aTamperedUrlIsRefused() throws Exception {
    String key = "sources/mine.mp4";
    proxy.put(BUCKET, key, random(100));
    proxy.put(BUCKET, "sources/theirs.mp4", random(100));
    String url = presigner.getObject(BUCKET, key, VALID);
    assertThat(send(HttpRequest.newBuilder(URI.create(url))).statusCode()).isEqualTo(200);

    String signature = url.substring(url.indexOf("X-Amz-Signature=") + 16);
    char last = signature.charAt(signature.length() - 1);
    List<String> tampered =
        List.of(
            url.replace("/mine.mp4?", "/theirs.mp4?"),
            url.replace("X-Amz-Expires=300", "X-Amz-Expires=3000"),
            url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0'),
            url.replace("?X-Amz-Algorithm", "?versionId=1&X-Amz-Algorithm"));
    for (String forged : tampered) {
      assertThat(forged).isNotEqualTo(url);
      assertThat(send(HttpRequest.newBuilder(URI.create(forged))).statusCode())
          .as(forged)
          .isEqualTo(403);
    }
    String wrongSecret =
        presigner("not-the-secret", Clock.systemUTC()).getObject(BUCKET, key, VALID);
    assertThat(send(HttpRequest.newBuilder(URI.create(wrongSecret))).statusCode()).isEqualTo(403);
    // a PUT through the GET's URL: the method is signed too
    assertThat(
            send(HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.ofString("overwritten")))
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void anExpiredUrlIsRefused() throws Exception {
    String key = "sources/old.mp4";
    proxy.put(BUCKET, key, random(100));
    Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    String url = presigner(InProcessS3.SECRET_KEY, anHourAgo).getObject(BUCKET, key, VALID);

    assertThat(send(HttpRequest.newBuilder(URI.create(url))).statusCode()).isEqualTo(403);
  }

  @Test
  void aPresignedPutWritesTheObject() throws Exception {
    String key = "results/slices/0 index.json";
    URI url = URI.create(presigner.putObject(BUCKET, key, VALID));

    HttpResponse<byte[]> put =
        send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofString("{\"n\":1}")));

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(proxy.get(BUCKET, key)).isEqualTo("{\"n\":1}".getBytes());
  }

  @Test
  void aMultipartUploadThroughItsPresignedUrlsMakesTheObject() throws Exception {
    String key = "results/7d4b/frames & more.zip";
    int part = MultipartOutputStream.MIN_PART_SIZE;
    byte[] content = random(2 * part + 4321);
    MultipartUploadPresigner.Urls urls =
        MultipartUploadPresigner.presign(s3, presigner, BUCKET, key, "application/zip", 4, VALID);
    var writer =
        new PresignedPartWriter(
            HTTP,
            urls.parts().stream().map(URI::create).toList(),
            URI.create(urls.complete()),
            URI.create(urls.abort()));
    var executor = Executors.newFixedThreadPool(2);
    try {
      var stream = new MultipartOutputStream(writer, part, 2, Long.MAX_VALUE, executor);
      for (int offset = 0; offset < content.length; offset += 65536) {
        stream.write(content, offset, Math.min(65536, content.length - offset));
      }
      assertThat(stream.complete()).isEqualTo(content.length);
    } finally {
      executor.shutdownNow();
    }

    assertThat(proxy.get(BUCKET, key)).isEqualTo(content);
    var object = s3.headObject(b -> b.bucket(BUCKET).key(key));
    assertThat(object.contentType()).isEqualTo("application/zip");
  }

  @Test
  void theAbortUrlAbortsTheUpload() throws Exception {
    String key = "results/aborted.zip";
    MultipartUploadPresigner.Urls urls =
        MultipartUploadPresigner.presign(s3, presigner, BUCKET, key, "application/zip", 2, VALID);
    assertThat(
            send(HttpRequest.newBuilder(URI.create(urls.parts().get(0)))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(random(1000))))
                .statusCode())
        .isEqualTo(200);

    String uploadId = urls.abort().replaceAll(".*[?&]uploadId=([^&]*).*", "$1");
    String forged = urls.abort().replace(uploadId, uploadId + "x");
    assertThat(send(HttpRequest.newBuilder(URI.create(forged)).DELETE()).statusCode())
        .as("an abort of another upload")
        .isEqualTo(403);

    HttpResponse<byte[]> abort = send(HttpRequest.newBuilder(URI.create(urls.abort())).DELETE());

    assertThat(abort.statusCode()).isEqualTo(204);
    assertThat(proxy.exists(BUCKET, key)).isFalse();
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
