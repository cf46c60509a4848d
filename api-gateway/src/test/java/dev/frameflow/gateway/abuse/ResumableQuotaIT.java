package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.testing.TestVideos;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A tus upload counts against the form upload's per-user quotas (2 videos waiting, 1 MB a day in
 * {@link LimitedGatewayTest}), at creation and at completion, and the open-upload limit (3) holds
 * under parallel creations.
 */
class ResumableQuotaIT extends LimitedGatewayTest {

  @Test
  void aUserWhoseQueueIsFullIsRefusedATusUploadLikeAFormUpload() {
    String token = login(newUser());
    byte[] clip = TestVideos.oneSecond("mp4");
    for (int i = 0; i < 2; i++) {
      assertThat(upload(token, new Multipart().file("c.mp4", clip)).statusCode()).isEqualTo(202);
    }

    assertQuotaRefusal(create(token, clip.length), "too-many-queued-videos");
    assertQuotaRefusal(
        upload(token, new Multipart().file("c.mp4", clip)), "too-many-queued-videos");
  }

  @Test
  void aTusUploadLongerThanWhatIsLeftOfTheDayIsRefusedAtCreation() {
    String token = login(newUser());
    assertQuotaRefusal(create(token, 1_200_000), "daily-upload-quota");
    assertThat(create(token, TestVideos.oneSecond("mp4").length).statusCode()).isEqualTo(201);
  }

  @Test
  void completingATusUploadCountsLikeAFormUploadAndCompletesOnceTheQuotaAllows() {
    String token = login(newUser());
    byte[] clip = TestVideos.oneSecond("mp4");
    // created while the queue is empty, completed once it is full
    String location = location(create(token, clip.length));
    for (int i = 0; i < 2; i++) {
      assertThat(upload(token, new Multipart().file("c.mp4", clip)).statusCode()).isEqualTo(202);
    }

    HttpResponse<String> completing = patch(location, token, 0, clip);
    assertQuotaRefusal(completing, "too-many-queued-videos");
    assertThat(completing.headers().firstValue("Frameflow-Video-Id")).isEmpty();
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isEqualTo(2);
    // not complete: HEAD says where to go on, as after a broken-off PATCH
    HttpResponse<String> head = head(location, token);
    assertThat(head.statusCode()).isEqualTo(200);
    long offset = Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    assertThat(offset).isLessThan(clip.length);
    assertThat(head.headers().firstValue("Frameflow-Video-Id")).isEmpty();

    // once a queued video is gone, the rest of the bytes complete the upload
    String queued = body(get("/api/videos", token)).get("items").get(0).get("id").asString();
    assertThat(delete("/api/videos/" + queued, token).statusCode()).isEqualTo(204);
    HttpResponse<String> completed =
        patch(
            location, token, offset, java.util.Arrays.copyOfRange(clip, (int) offset, clip.length));
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
    assertThat(completed.headers().firstValue("Frameflow-Video-Id")).isPresent();
  }

  @Test
  void parallelCreationsBeyondTheOpenUploadLimitAdmitExactlyTheLimit() throws Exception {
    String token = login(newUser());
    int attempts = 16;
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(attempts);
    try {
      for (int i = 0; i < attempts; i++) {
        answers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return create(token, 1000);
                },
                threads));
      }
      start.countDown();
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
    } finally {
      threads.shutdown();
    }
    List<Integer> statuses = answers.stream().map(a -> a.join().statusCode()).toList();
    assertThat(statuses.stream().filter(s -> s == 201)).as(statuses.toString()).hasSize(3);
    assertThat(statuses.stream().filter(s -> s == 429)).hasSize(attempts - 3);
    answers.stream()
        .map(CompletableFuture::join)
        .filter(a -> a.statusCode() == 429)
        .forEach(
            a ->
                assertThat(body(a).get("code").asString())
                    .isEqualTo("too-many-open-resumable-uploads"));
  }

  private static void assertQuotaRefusal(HttpResponse<String> response, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    assertThat(response.headers().firstValue("Retry-After"))
        .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
  }

  private HttpResponse<String> create(String token, long length) {
    return send(
        tus("/api/uploads", token)
            .header("Upload-Length", Long.toString(length))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  private static String location(HttpResponse<String> created) {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return created.headers().firstValue("Location").orElseThrow();
  }

  private HttpResponse<String> patch(String location, String token, long offset, byte[] bytes) {
    return send(
        tus(location, token)
            .header("Upload-Offset", Long.toString(offset))
            .header("Content-Type", "application/offset+octet-stream")
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build());
  }

  private HttpResponse<String> head(String location, String token) {
    return send(tus(location, token).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpRequest.Builder tus(String path, String token) {
    return HttpRequest.newBuilder(url(path))
        .header("Tus-Resumable", "1.0.0")
        .header("Authorization", "Bearer " + token);
  }
}
