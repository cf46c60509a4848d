package dev.frameflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.testing.TestVideos;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The links the standalone mode hands out open on the port it runs on (here a random one, never
 * 8080): it sets no public base URL, so a signed frame link starts with the address its request
 * reached and a mailed download link with {@code localhost} at the server's own port. Each is
 * fetched as its receiver would, with no token.
 */
class StandaloneLinksIT {

  @TempDir static Path dataDir;

  static StandaloneRuntime runtime;
  static StandaloneApiClient api;

  /** Whoever the link reaches: no token, and it follows the download's redirect to the store. */
  private final HttpClient anyone =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  @BeforeAll
  static void startStandaloneMode() {
    runtime =
        StandaloneRuntime.start(
            StandaloneRuntime.Settings.embedded(
                dataDir, Map.of("frameflow.standalone.workers", 1)));
    api = new StandaloneApiClient(runtime);
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void aSignedFrameLinkOpensOnThePortTheServerRunsOn() throws Exception {
    String token = api.registerAndLogin("cy-" + UUID.randomUUID() + "@example.org");
    String videoId = api.upload(token, Files.readAllBytes(TestVideos.h264Mp4()), "?timestamps=1");

    String url = frameLink(token, videoId, Map.of());
    HttpResponse<byte[]> image =
        anyone.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofByteArray());
    assertThat(image.statusCode()).as("GET " + url).isEqualTo(200);
    assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(ImageIO.read(new ByteArrayInputStream(image.body()))).isNotNull();
    assertThat(url)
        .startsWith(
            "http://127.0.0.1:" + runtime.httpPort() + "/api/videos/" + videoId + "/frame.jpg?");

    // behind a local proxy (an internal address, as server.forward-headers-strategy=native
    // trusts) the link names the proxy's public address
    assertThat(
            frameLink(
                token,
                videoId,
                Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "frames.example.org")))
        .startsWith("https://frames.example.org/api/videos/" + videoId + "/frame.jpg?");
  }

  @Test
  void theMailedDownloadLinkOpensOnThePortTheServerRunsOn() throws Exception {
    String token = api.registerAndLogin("dee-" + UUID.randomUUID() + "@example.org");
    String videoId = api.upload(token, Files.readAllBytes(TestVideos.h264Mp4()), "?timestamps=1");

    String url =
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> mailedDownloadLink(videoId), link -> link != null);
    HttpResponse<byte[]> zip =
        anyone.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).as("GET " + url).isEqualTo(200);
    assertThat(new String(zip.body(), 0, 2, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("PK");
    assertThat(url)
        .startsWith(
            "http://localhost:"
                + runtime.httpPort()
                + "/api/videos/"
                + videoId
                + "/download/signed?");
  }

  private String frameLink(String token, String videoId, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.url("/api/videos/" + videoId + "/frame-links"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"path\":\"frame.jpg\",\"query\":{\"time\":\"1\"},\"expiresInSeconds\":600}"));
    headers.forEach(request::header);
    HttpResponse<String> created = api.send(request.build(), BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return StandaloneApiClient.field(created.body(), "url");
  }

  /** The signed download link of the video in an email in the mailbox, or null before one came. */
  private static String mailedDownloadLink(String videoId) throws Exception {
    Path mailbox = dataDir.resolve("mailbox");
    if (!Files.isDirectory(mailbox)) {
      return null;
    }
    Pattern link = Pattern.compile("\\S+/api/videos/" + videoId + "/download/signed\\?[^\\s\"<]+");
    List<Path> mails;
    try (Stream<Path> files = Files.list(mailbox)) {
      mails = files.filter(f -> f.toString().endsWith(".eml")).toList();
    }
    for (Path mail : mails) {
      try (InputStream in = Files.newInputStream(mail)) {
        Matcher found =
            link.matcher(text(new MimeMessage(Session.getInstance(new Properties()), in)));
        if (found.find()) {
          return found.group().replace("&amp;", "&");
        }
      }
    }
    return null;
  }

  /** Every text part of the message, decoded, one after the other. */
  private static String text(Part part) throws Exception {
    if (part.isMimeType("text/*")) {
      return (String) part.getContent();
    }
    StringBuilder all = new StringBuilder();
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        all.append(text(multipart.getBodyPart(i))).append('\n');
      }
    }
    return all.toString();
  }
}
