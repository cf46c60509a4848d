package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.gateway.support.TestVideos;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Past the replica's upload slots: 503; past a user's own limits: 429; always Retry-After. */
class UploadAdmissionIT extends LimitedGatewayTest {

  private static void assertRefused(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    assertThat(response.headers().firstValue("Retry-After"))
        .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
  }

  @Test
  void aFullReplicaAnswers503AndAUserBusyUploadingAnswers429() throws Exception {
    String holder = login(newUser());
    String other = login(newUser());
    byte[] clip = TestVideos.oneSecond("mp4");
    Multipart multipart = new Multipart().file("slow.mp4", clip);
    byte[] body = multipart.build();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    // the holder's body stalls halfway until released: its upload keeps the only slot
    InputStream stalling =
        new InputStream() {
          int position;

          @Override
          public int read() {
            if (position == body.length / 2) {
              started.countDown();
              try {
                release.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return position < body.length ? body[position++] & 0xff : -1;
          }
        };
    CompletableFuture<HttpResponse<String>> held =
        http.sendAsync(
            HttpRequest.newBuilder(url("/api/videos"))
                .header("Content-Type", multipart.contentType())
                .header("Authorization", "Bearer " + holder)
                .POST(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> stalling), body.length))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(300); // the server has read the first half by now

    assertRefused(upload(other, new Multipart().file("c.mp4", clip)), 503, "server-busy");
    assertRefused(
        upload(holder, new Multipart().file("c.mp4", clip)), 429, "too-many-uploads-in-flight");

    release.countDown();
    assertThat(held.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    // the slot is free again, and the service is healthy
    assertThat(upload(other, new Multipart().file("c.mp4", clip)).statusCode()).isEqualTo(202);
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
  }

  @Test
  void queuedVideosAndDailyBytesArePerUserLimits() {
    String token = login(newUser());
    byte[] clip = TestVideos.oneSecond("mp4");
    for (int i = 0; i < 2; i++) {
      assertThat(upload(token, new Multipart().file("c.mp4", clip)).statusCode()).isEqualTo(202);
    }
    assertRefused(
        upload(token, new Multipart().file("c.mp4", clip)), 429, "too-many-queued-videos");

    // a declared body larger than what is left of the day's 1MB is refused before it is read
    String fresh = login(newUser());
    byte[] big = new byte[1_200_000];
    System.arraycopy(clip, 0, big, 0, clip.length);
    assertRefused(upload(fresh, new Multipart().file("big.mp4", big)), 429, "daily-upload-quota");
  }
}
