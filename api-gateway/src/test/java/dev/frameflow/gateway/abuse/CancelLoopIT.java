package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.Multipart;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Upload-and-cancel loops: cancels are limited per user (3 an hour in {@link LimitedGatewayTest}),
 * and a few bytes named like a video are no upload to cancel.
 */
class CancelLoopIT extends LimitedGatewayTest {

  @Test
  void cancelsBeyondTheUsersAllowanceAre429WithRetryAfterAndOthersStillCancel() {
    String token = login(newUser());
    UUID video = uploadVideo(token);
    for (int i = 0; i < 3; i++) {
      assertThat(delete("/api/videos/" + video, token).statusCode()).isEqualTo(204);
    }

    HttpResponse<String> refused = delete("/api/videos/" + UUID.randomUUID(), token);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(body(refused).get("code").asString()).isEqualTo("too-many-cancels");
    assertThat(refused.headers().firstValue("Retry-After"))
        .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());

    String other = login(newUser());
    assertThat(delete("/api/videos/" + uploadVideo(other), other).statusCode()).isEqualTo(204);
  }

  @Test
  void aTwelveByteMp4IsRefusedAsAFormUploadAndAsATusUpload() {
    String token = login(newUser());
    byte[] fake = HexFormat.of().parseHex("0000000c667479706d703432");

    HttpResponse<String> form = upload(token, new Multipart().file("fake.mp4", fake));
    assertThat(form.statusCode()).as(form.body()).isEqualTo(415);
    assertThat(body(form).get("code").asString()).isEqualTo("unsupported-video-container");

    HttpResponse<String> created =
        send(
            tus("/api/uploads", token)
                .header("Upload-Length", Integer.toString(fake.length))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> patched =
        send(
            tus(created.headers().firstValue("Location").orElseThrow(), token)
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(fake))
                .build());
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(415);
    assertThat(patched.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isZero();
  }

  private HttpRequest.Builder tus(String path, String token) {
    return HttpRequest.newBuilder(url(path))
        .header("Tus-Resumable", "1.0.0")
        .header("Authorization", "Bearer " + token);
  }
}
