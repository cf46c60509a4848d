package dev.frameflow.gateway.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.gateway.support.WebFeatureTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who may ask for a video's frames and in which states, decided by the gateway before anything is
 * rendered. This context has no frame-server configured ({@code frameflow.frames.server-url}
 * unset): a request that passes every check is answered 503 {@code frames-unavailable}, which is
 * how these tests see that it passed. Rendering itself is {@link FramesIT}'s.
 */
class FrameAccessIT extends WebFeatureTest {

  @Autowired JdbcClient jdbc;

  @Test
  void withoutATokenOrASignatureNoImageIsServed() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);

    assertThat(get(framePath(videoId, "frame.jpg?time=0.5"), null).statusCode()).isEqualTo(401);
    assertThat(get(framePath(videoId, "animated.gif"), null).statusCode()).isEqualTo(401);
    assertThat(get(framePath(videoId, "frame.jpg"), "not-a-token").statusCode()).isEqualTo(401);
  }

  @Test
  void aSignedInOwnerPassesEveryCheckAndLearnsFramesAreOffWithoutAFrameServer() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);

    for (String image : new String[] {"frame.jpg?time=0.5&width=320", "animated.webp?end=1"}) {
      HttpResponse<String> answer = get(framePath(videoId, image), token);
      assertProblem(answer, 503, "frames-unavailable");
      assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(answer.body()).doesNotContain("frame-server:").doesNotContain("http://");
    }
  }

  @Test
  void anotherUsersVideoAndAnUnknownOneAreNotFound() {
    String owner = login(newUser());
    UUID videoId = uploadVideo(owner);
    String stranger = login(newUser());

    assertProblem(get(framePath(videoId, "frame.jpg"), stranger), 404, "not-found");
    assertProblem(get(framePath(videoId, "animated.gif"), stranger), 404, "not-found");
    assertProblem(createLink(videoId, stranger, "frame.jpg", "{}", null), 404, "not-found");
    assertProblem(get(framePath(UUID.randomUUID(), "frame.jpg"), owner), 404, "not-found");
  }

  @Test
  void badParametersAndUnknownImagesAreRefusedNamingWhatIsWrong() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);

    HttpResponse<String> tooNarrow = get(framePath(videoId, "frame.jpg?width=5&height=5"), token);
    assertProblem(tooNarrow, 400, "invalid-fields");
    assertThat(body(tooNarrow).get("errors").valueStream().map(e -> e.get("field").asString()))
        .contains("width", "height");
    HttpResponse<String> noSuchFit = get(framePath(videoId, "frame.jpg?fit=round"), token);
    assertProblem(noSuchFit, 400, "invalid-fields");
    assertThat(noSuchFit.body()).contains("\"field\":\"fit\"");
    assertProblem(get(framePath(videoId, "frame.jpg?colour=red"), token), 400, "invalid-fields");
    assertProblem(get(framePath(videoId, "frame.jpg?time=soon"), token), 400, "invalid-fields");
    assertProblem(
        get(framePath(videoId, "animated.gif?start=2&end=20"), token), 400, "invalid-fields");
    assertProblem(get(framePath(videoId, "animated.gif?fps=60"), token), 400, "invalid-fields");
    assertProblem(get(framePath(videoId, "frame.jpg?time=1&time=2"), token), 400, "bad-request");
    assertProblem(get(framePath(videoId, "frame.bmp"), token), 404, "not-found");
    assertProblem(get(framePath(videoId, "frame.jpeg"), token), 404, "not-found");
    assertProblem(get(framePath(videoId, "animated.png"), token), 404, "not-found");
  }

  @Test
  void aVideoStillUploadingIsAConflict() {
    String token = login(newUser());
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(url("/api/uploads"))
                .header("Authorization", "Bearer " + token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "100000")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    UUID uploadId = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    UUID videoId =
        jdbc.sql("select video_id from resumable_upload where id = ?")
            .param(uploadId)
            .query(UUID.class)
            .single();

    assertProblem(get(framePath(videoId, "frame.jpg"), token), 409, "video-still-uploading");
    assertProblem(get(framePath(videoId, "animated.gif"), token), 409, "video-still-uploading");
    // to anyone else it does not exist
    assertProblem(get(framePath(videoId, "frame.jpg"), login(newUser())), 404, "not-found");
  }

  @Test
  void aDeletedVideoIsGoneForItsOwnerAndForItsLinks() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    String link = linkPath(createLink(videoId, token, "frame.png", "{\"time\":\"0.5\"}", 3600L));

    assertThat(delete("/api/videos/" + videoId, token).statusCode()).isEqualTo(204);

    assertProblem(get(framePath(videoId, "frame.png?time=0.5"), token), 410, "video-deleted");
    assertProblem(get(link, null), 410, "video-deleted");
  }

  @Test
  void aFailedVideoIsStillAskedForItsFrames() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    publishStatus(
        statusEvent(UUID.randomUUID(), videoId, "FAILED", "\"reason\": \"the job timed out\""));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "FAILED"
                    .equals(body(get("/api/videos/" + videoId, token)).get("status").asString()));

    // the renderer decides whether its source still decodes (FramesIT): here none is configured
    assertProblem(get(framePath(videoId, "frame.jpg"), token), 503, "frames-unavailable");
  }

  @Test
  void aSignedLinkWorksWithoutATokenForThatPictureOnly() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    UUID otherVideo = uploadVideo(token);

    HttpResponse<String> created =
        createLink(videoId, token, "frame.jpg", "{\"width\":\"320\",\"time\":\"50%\"}", 3600L);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
    String url = body(created).get("url").asString();
    assertThat(url)
        .startsWith(
            "https://frameflow.example.org/api/videos/"
                + videoId
                + "/frame.jpg?time=50%25&width=320&expires=");
    Instant expiresAt = Instant.parse(body(created).get("expiresAt").asString());
    assertThat(expiresAt)
        .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
    String link = linkPath(created);

    // valid: past every check, without a token (no frame-server here)
    assertProblem(get(link, null), 503, "frames-unavailable");
    // tampered: a parameter, the path, the expiry, the signature, another video
    assertProblem(get(link.replace("width=320", "width=640"), null), 403, "frame-link-invalid");
    assertProblem(get(link.replace("time=50%25", "time=60%25"), null), 403, "frame-link-invalid");
    assertProblem(get(link.replace("&width=320", ""), null), 403, "frame-link-invalid");
    assertProblem(get(link + "&height=100", null), 403, "frame-link-invalid");
    assertProblem(get(link.replace("/frame.jpg", "/frame.png"), null), 403, "frame-link-invalid");
    assertProblem(
        get(
            link.replace("/frame.jpg", "/animated.webp").replace("time=50%25&width=320&", ""),
            null),
        403,
        "frame-link-invalid");
    long expires = expiresAt.getEpochSecond();
    assertProblem(
        get(link.replace("expires=" + expires, "expires=" + (expires + 86400)), null),
        403,
        "frame-link-invalid");
    String signature = link.substring(link.indexOf("signature=") + "signature=".length());
    String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
    assertProblem(get(link.replace(signature, flipped), null), 403, "frame-link-invalid");
    assertProblem(
        get(link.replace(videoId.toString(), otherVideo.toString()), null),
        403,
        "frame-link-invalid");
    assertProblem(
        get(link.substring(0, link.indexOf("&signature=")), null), 403, "frame-link-invalid");
    // a link presented with someone else's token is still judged by its signature alone
    assertProblem(
        get(link.replace("width=320", "width=640"), login(newUser())), 403, "frame-link-invalid");
  }

  @Test
  void anExpiredLinkIsRefusedAsExpired() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    String link = linkPath(createLink(videoId, token, "animated.gif", "{\"end\":\"1\"}", 1L));

    // past its expiry (a whole second later: expiries are in seconds)
    sleep(2100);

    assertProblem(get(link, null), 403, "frame-link-expired");
  }

  @Test
  void linksAreMadeForImagesOfOurOwnWithinTheirLifetimeAndByReadKeysToo() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);

    HttpResponse<String> badPath = createLink(videoId, token, "../download", "{}", null);
    assertProblem(badPath, 400, "invalid-fields");
    assertThat(badPath.body()).contains("\"field\":\"path\"");
    HttpResponse<String> tooLong = createLink(videoId, token, "frame.jpg", "{}", 7 * 86400L + 1);
    assertProblem(tooLong, 400, "invalid-fields");
    assertThat(tooLong.body()).contains("\"field\":\"expiresInSeconds\"");
    assertProblem(createLink(videoId, token, "frame.jpg", "{}", 0L), 400, "invalid-fields");
    assertProblem(
        createLink(videoId, token, "frame.jpg", "{\"width\":\"9999\"}", null),
        400,
        "invalid-fields");
    assertProblem(
        createLink(videoId, token, "frame.jpg", "{\"expires\":\"1\"}", null),
        400,
        "invalid-fields");

    // the default lifetime is an hour; seven days is allowed
    HttpResponse<String> byDefault = createLink(videoId, token, "frame.webp", "{}", null);
    assertThat(Instant.parse(body(byDefault).get("expiresAt").asString()))
        .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
    assertThat(createLink(videoId, token, "frame.jpg", "{}", 7 * 86400L).statusCode())
        .isEqualTo(200);

    // a read key may make links and read frames; it is a read
    HttpResponse<String> key =
        postJson(
            "/api/keys",
            "{\"name\":\"frames\",\"scope\":\"read\"}",
            "Authorization",
            "Bearer " + token);
    String readKey = body(key).get("secret").asString();
    assertThat(createLink(videoId, readKey, "animated.gif", "{}", 60L).statusCode()).isEqualTo(200);
    assertProblem(get(framePath(videoId, "frame.jpg"), readKey), 503, "frames-unavailable");
    assertThat(createLink(videoId, null, "frame.jpg", "{}", 60L).statusCode()).isEqualTo(401);
  }

  // ---- helpers ----

  static String framePath(UUID videoId, String image) {
    return "/api/videos/" + videoId + "/" + image;
  }

  private HttpResponse<String> createLink(
      UUID videoId, String token, String path, String query, Long expiresInSeconds) {
    String body =
        "{\"path\":\""
            + path
            + "\",\"query\":"
            + query
            + (expiresInSeconds == null ? "" : ",\"expiresInSeconds\":" + expiresInSeconds)
            + "}";
    return token == null
        ? postJson("/api/videos/" + videoId + "/frame-links", body)
        : postJson(
            "/api/videos/" + videoId + "/frame-links", body, "Authorization", "Bearer " + token);
  }

  /** The path and query of a link the gateway made (its base is the public one). */
  private String linkPath(HttpResponse<String> created) {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    URI url = URI.create(body(created).get("url").asString());
    return url.getRawPath() + "?" + url.getRawQuery();
  }
}
