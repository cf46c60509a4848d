package dev.frameflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The standalone mode's REST API as a client uses it (register, log in, upload, read). */
public final class StandaloneApiClient {

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
  private final StandaloneRuntime runtime;

  public StandaloneApiClient(StandaloneRuntime runtime) {
    this.runtime = runtime;
  }

  /** A new account, logged in: its access token. */
  public String registerAndLogin(String email) throws Exception {
    String credentials =
        "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Ada\"}";
    assertThat(post("/api/auth/register", credentials).statusCode()).isEqualTo(202);
    HttpResponse<String> login =
        post(
            "/api/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}");
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return field(login.body(), "accessToken");
  }

  /** Uploads one MP4 with the extraction options in {@code query} ("" or "?a=b&..."): its id. */
  public String upload(String token, byte[] video, String query) throws Exception {
    String boundary = "upload-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\""
                + "\r\nContent-Type: video/mp4\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    body.write(video);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(url("/api/videos" + query))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return field(response.body(), "id");
  }

  public HttpResponse<String> post(String path, String json) throws Exception {
    return send(
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<byte[]> getBytes(String path, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
      throws Exception {
    return http.send(request, body);
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + runtime.httpPort() + path);
  }

  /** The first string value of the field in the JSON text. */
  public static String field(String json, String name) {
    Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(value.find()).as(name + " in " + json).isTrue();
    return value.group(1);
  }
}
