package dev.frameflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

class InProcessS3IT {

  @TempDir Path dir;

  @Test
  void storesWhatItIsGivenAndKeepsItAcrossAnOutage() {
    try (InProcessS3 s3 = InProcessS3.start(dir)) {
      assertThat(s3.buckets()).containsExactlyInAnyOrder(InProcessS3.UPLOADS, InProcessS3.RESULTS);
      s3.put(InProcessS3.UPLOADS, "a/b", "hello".getBytes(StandardCharsets.UTF_8));
      assertThat(s3.exists(InProcessS3.UPLOADS, "a/b")).isTrue();
      assertThat(s3.exists(InProcessS3.UPLOADS, "a/c")).isFalse();

      s3.stop();
      assertThatThrownBy(() -> s3.get(InProcessS3.UPLOADS, "a/b"))
          .isInstanceOf(SdkClientException.class);
      s3.restart();

      assertThat(new String(s3.get(InProcessS3.UPLOADS, "a/b"), StandardCharsets.UTF_8))
          .isEqualTo("hello");
    }
  }

  @Test
  void checksSignaturesOfPresignedUrls() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start(dir, "only");
        var presigner = s3.presigner()) {
      assertThat(s3.buckets()).containsExactly("only");
      s3.put("only", "mine", "x".getBytes(StandardCharsets.UTF_8));
      URI signed =
          presigner
              .presignGetObject(
                  p ->
                      p.signatureDuration(Duration.ofMinutes(1))
                          .getObjectRequest(g -> g.bucket("only").key("mine")))
              .url()
              .toURI();
      HttpClient http = HttpClient.newHttpClient();
      assertThat(get(http, signed).statusCode()).isEqualTo(200);
      URI tampered = URI.create(signed.toString().replace("/mine?", "/theirs?"));
      assertThat(get(http, tampered).statusCode()).isEqualTo(403);
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
