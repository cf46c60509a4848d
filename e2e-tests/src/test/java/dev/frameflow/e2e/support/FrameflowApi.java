package dev.frameflow.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;

/** The Frameflow REST API as a client sees it: plain HTTP, the way the README's curl uses it. */
public final class FrameflowApi {

  public static final String PASSWORD = "correct-horse-battery";

  private final HttpClient http = HttpClient.newHttpClient();
  private final IntSupplier port;

  /**
   * @param port asked on every call, so a restarted server on another port is followed
   */
  public FrameflowApi(IntSupplier port) {
    this.port = port;
  }

  public String registerAndLogin(String email) throws Exception {
    HttpResponse<String> registered =
        send(
            json(
                "/api/auth/register",
                "{\"email\":\"%s\",\"password\":\"%s\",\"name\":\"Test\"}"
                    .formatted(email, PASSWORD)));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
    return login(email);
  }

  public String login(String email) throws Exception {
    return login(email, PASSWORD);
  }

  public String login(String email, String password) throws Exception {
    HttpResponse<String> login =
        send(
            json(
                "/api/auth/login",
                "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, password)));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return field(login.body(), "accessToken");
  }

  /** {@code POST /api/videos} with the options first and the file last, as the API streams it. */
  public HttpResponse<String> upload(String token, Path file, Map<String, String> options)
      throws Exception {
    String boundary = "frameflow-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var option : options.entrySet()) {
      body.writeBytes(
          ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n")
              .formatted(boundary, option.getKey(), option.getValue())
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n")
            .formatted(boundary, file.getFileName())
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(Files.readAllBytes(file));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(uri("/api/videos"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build());
  }

  /** Uploads one file and returns the new video's id, checking the 202 and its Location. */
  public String uploadVideo(String token, Path file, Map<String, String> options) throws Exception {
    HttpResponse<String> upload = upload(token, file, options);
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
    String id = field(upload.body(), "id");
    assertThat(upload.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith(id));
    return id;
  }

  public HttpResponse<String> video(String token, String id) throws Exception {
    return send(get("/api/videos/" + id, token));
  }

  /** How many of the user's videos are in {@code status}: one request, the list's total. */
  public long countInStatus(String token, String status) throws Exception {
    String page = send(get("/api/videos?status=" + status + "&size=1", token)).body();
    return Long.parseLong(field(page, "totalElements"));
  }

  /** Polls {@code GET /api/videos/{id}} until SUCCEEDED or FAILED and returns that body. */
  public String awaitFinished(String token, String id, Duration atMost) {
    String[] last = new String[1];
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              last[0] = video(token, id).body();
              String status = field(last[0], "status");
              return status.equals("SUCCEEDED") || status.equals("FAILED");
            });
    return last[0];
  }

  /**
   * Waits until the user has {@code count} notifications and every one of them was sent: an email
   * about them cannot come later, so counting the emails now counts them all.
   */
  public void awaitNotificationsSent(String token, int count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              String page = send(get("/api/notifications?size=100", token)).body();
              return Long.parseLong(field(page, "totalElements")) == count
                  && page.split("\"status\":\"SENT\"", -1).length - 1 == count;
            });
  }

  /** Follows the API's download redirect to the presigned URL and returns the ZIP. */
  public byte[] downloadZip(String token, String id) throws Exception {
    HttpResponse<Void> redirect =
        http.send(
            get("/api/videos/" + id + "/download", token), HttpResponse.BodyHandlers.discarding());
    assertThat(redirect.statusCode()).isEqualTo(302);
    HttpResponse<byte[]> zip =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(redirect.headers().firstValue("Location").orElseThrow()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).isEqualTo(200);
    return zip.body();
  }

  /** The names of the frame entries of a ZIP, after checking that each one decodes as an image. */
  public static List<String> decodableFrames(byte[] zip) throws IOException {
    List<String> frames = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        if (entry.getName().startsWith("frame-")) {
          var image = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
          assertThat(image).as("frame %s decodes", entry.getName()).isNotNull();
          frames.add(entry.getName());
        }
      }
    }
    return frames;
  }

  /** A top-level scalar of a JSON document (first occurrence), unquoted; {@code null} as "null". */
  public static String field(String json, String name) {
    Matcher m =
        Pattern.compile(
                "\"" + name + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-0-9.eE]+|null|true|false)")
            .matcher(json);
    assertThat(m.find()).as("field %s in %s", name, json).isTrue();
    return m.group(2) != null ? m.group(2) : m.group(1);
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port.getAsInt() + path);
  }

  private HttpRequest get(String path, String token) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build();
  }

  private HttpRequest json(String path, String body) {
    return HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
