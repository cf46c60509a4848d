package dev.frameflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
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
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * The standalone mode as a user meets it: one process, the REST API over HTTP, a real video in, a
 * ZIP of decodable frames and an email out; a corrupt video fails with its reason; a restart keeps
 * users and videos.
 */
class StandaloneModeIT {

  @TempDir static Path dataDir;
  @TempDir static Path media;

  static StandaloneRuntime runtime;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startStandaloneMode() {
    runtime = start();
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  static StandaloneRuntime start() {
    return StandaloneRuntime.start(
        new StandaloneRuntime.Settings(
            dataDir, 0, 0, false, Map.of("frameflow.standalone.workers", 2)));
  }

  @Test
  void aVideoBecomesAZipOfDecodableFramesAndTheOwnerGetsOneEmail() throws Exception {
    String email = "grace-" + UUID.randomUUID() + "@example.org";
    String token = registerAndLogin(email);
    Path video = generateVideo("clip.mp4", 4);

    HttpResponse<String> upload = upload(token, video, Map.of("fps", "2"));
    assertThat(upload.statusCode()).isEqualTo(202);
    String id = field(upload.body(), "id");
    assertThat(upload.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith(id));

    String done = awaitFinished(token, id);
    assertThat(field(done, "status")).isEqualTo("SUCCEEDED");
    assertThat(field(done, "frames")).isEqualTo("8");

    HttpResponse<Void> redirect =
        http.send(
            get("/api/videos/" + id + "/download", token).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(redirect.statusCode()).isEqualTo(302);
    byte[] zip =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(redirect.headers().firstValue("Location").orElseThrow()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    List<String> frames = decodableFrames(zip);
    assertThat(frames).hasSize(8).allMatch(name -> name.endsWith(".jpg"));

    List<String> mails = mailsTo(email);
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0)).contains("/api/videos/" + id + "/download");
  }

  @Test
  void aCorruptVideoFailsWithItsReasonInTheApiAndInTheEmail() throws Exception {
    String email = "alan-" + UUID.randomUUID() + "@example.org";
    String token = registerAndLogin(email);
    Path good = generateVideo("whole.mp4", 4);
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = media.resolve("truncated.mp4");
    // the container header survives (so the upload passes the magic-byte check), the rest does not
    Files.write(truncated, java.util.Arrays.copyOf(bytes, 2048));

    HttpResponse<String> upload = upload(token, truncated, Map.of());
    assertThat(upload.statusCode()).isEqualTo(202);
    String id = field(upload.body(), "id");

    String done = awaitFinished(token, id);
    assertThat(field(done, "status")).isEqualTo("FAILED");
    String reason = field(done, "failureReason");
    assertThat(reason).isNotBlank();
    assertThat(mailsTo(email))
        .singleElement()
        .asString()
        .contains("could not extract frames")
        .contains(reason);
  }

  @Test
  void aRestartKeepsUsersAndVideos() throws Exception {
    String email = "barbara-" + UUID.randomUUID() + "@example.org";
    String token = registerAndLogin(email);
    String id =
        field(
            upload(token, generateVideo("short.mp4", 2), Map.of("intervalSeconds", "1")).body(),
            "id");
    awaitFinished(token, id);

    runtime.close();
    runtime = start();

    String again = login(email);
    HttpResponse<String> detail =
        http.send(get("/api/videos/" + id, again).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(field(detail.body(), "status")).isEqualTo("SUCCEEDED");
    // a token issued before the restart is still valid: the signing key is kept in the data dir
    assertThat(
            http.send(get("/api/videos/" + id, token).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  // --- helpers -------------------------------------------------------------------------------

  static String registerAndLogin(String email) throws Exception {
    HttpResponse<String> registered =
        http.send(
            post(
                "/api/auth/register",
                "{\"email\":\""
                    + email
                    + "\",\"password\":\"correct-horse-battery\",\"name\":\"Test\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(registered.statusCode()).isEqualTo(201);
    return login(email);
  }

  static String login(String email) throws Exception {
    HttpResponse<String> login =
        http.send(
            post(
                "/api/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"correct-horse-battery\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    return field(login.body(), "accessToken");
  }

  static String awaitFinished(String token, String id) {
    String[] last = new String[1];
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              last[0] =
                  http.send(
                          get("/api/videos/" + id, token).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body();
              String status = field(last[0], "status");
              return status.equals("SUCCEEDED") || status.equals("FAILED");
            });
    return last[0];
  }

  static HttpResponse<String> upload(String token, Path file, Map<String, String> options)
      throws Exception {
    String boundary = "frameflow-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var option : options.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + option.getKey()
                  + "\"\r\n\r\n"
                  + option.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName()
                + "\"\r\nContent-Type: video/mp4\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(Files.readAllBytes(file));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(uri("/api/videos"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static List<String> decodableFrames(byte[] zip) throws IOException {
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

  /** The text part of every .eml in the mailbox addressed to {@code email}. */
  static List<String> mailsTo(String email) throws Exception {
    Path mailbox = dataDir.resolve("mailbox");
    await().atMost(Duration.ofSeconds(30)).until(() -> !readMails(mailbox, email).isEmpty());
    // a second email would come from the same poll of the notification table: give it a moment
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    return readMails(mailbox, email);
  }

  private static List<String> readMails(Path mailbox, String email) throws Exception {
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(mailbox)) {
      return found;
    }
    try (Stream<Path> files = Files.list(mailbox)) {
      for (Path eml : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
        try (var in = Files.newInputStream(eml)) {
          MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
          if (message.getAllRecipients()[0].toString().contains(email)) {
            found.add(plainText(message.getContent()));
          }
        }
      }
    }
    return found;
  }

  private static String plainText(Object content) throws Exception {
    if (content instanceof String text) {
      return text;
    }
    Multipart multipart = (Multipart) content;
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      if (part.isMimeType("text/plain") || part.getContent() instanceof Multipart) {
        text.append(plainText(part.getContent()));
      }
    }
    return text.toString();
  }

  static Path generateVideo(String name, int seconds) throws Exception {
    Path out = media.resolve(name);
    Process ffmpeg =
        new ProcessBuilder(
                new DefaultFFMPEGLocator().getExecutablePath(),
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=160x120:rate=25",
                "-t",
                String.valueOf(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ffmpeg.waitFor()).as(log).isZero();
    return out;
  }

  static String field(String json, String name) {
    Matcher m =
        Pattern.compile(
                "\"" + name + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-0-9.]+|null|true|false)")
            .matcher(json);
    assertThat(m.find()).as("field %s in %s", name, json).isTrue();
    return m.group(2) != null ? m.group(2) : m.group(1);
  }

  static URI uri(String path) {
    return URI.create("http://localhost:" + runtime.httpPort() + path);
  }

  static HttpRequest.Builder get(String path, String token) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
  }

  static HttpRequest post(String path, String json) {
    return HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }
}
