package dev.frameflow.gateway.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.testing.TestVideos;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A tus PATCH whose client trickles its body (issue 27, item 3), a real socket on 127.0.0.1: the
 * form upload's minimum-throughput guard cuts it with 408 {@code upload-too-slow} once the window
 * (2 s in the suite) has passed, the bytes that arrived are kept, and the upload slot is free, so
 * the client can go on at a proper speed from where HEAD says.
 */
class SlowPatchIT extends GatewayIntegrationTest {

  @Test
  void aTrickledPatchIsCutWith408AndKeepsWhatArrived() throws Exception {
    String token = login(newUser());
    byte[] video = TestVideos.oneSecond("mp4");
    String location = newTusUpload(token, video.length);
    long started = System.nanoTime();
    String answer;
    int sent = 0;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PATCH "
                  + location
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + token
                  + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                  + "Content-Type: application/offset+octet-stream\r\nContent-Length: "
                  + video.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      // 8 bytes every 100 ms: far below the minimum rate, never silent long enough for a timeout
      for (; sent + 8 < video.length && in.available() == 0; sent += 8) {
        try {
          out.write(video, sent, 8);
          out.flush();
        } catch (java.io.IOException closed) {
          break;
        }
        Thread.sleep(100);
      }
      answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    assertThat(answer).startsWith("HTTP/1.1 408");
    assertThat(answer).contains("upload-too-slow");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));

    HttpResponse<String> head = send(tusRequest(location, token, "HEAD", null).build());
    long offset = Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    assertThat(offset).as("the bytes that arrived are kept").isPositive().isLessThanOrEqualTo(sent);

    // the slot was released: the rest, sent at a proper speed, completes the upload
    HttpResponse<String> rest =
        send(
            tusRequest(
                    location, token, "PATCH", Arrays.copyOfRange(video, (int) offset, video.length))
                .header("Upload-Offset", String.valueOf(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .build());
    assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
    assertThat(rest.headers().firstValue("Frameflow-Video-Id")).isPresent();
  }
}
