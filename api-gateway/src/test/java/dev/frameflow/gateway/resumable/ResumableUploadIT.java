package dev.frameflow.gateway.resumable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.gateway.ApiGatewayApplication;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.testing.TestVideos;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;

/**
 * tus uploads against the running gateway, its PostgreSQL and its S3 server; the resumed upload
 * goes through a second gateway instance (another Spring Boot application on another port, sharing
 * the database, the S3 server and the token key), as behind a load balancer.
 */
@TestPropertySource(
    properties = {
      "frameflow.upload.max-file-size=64MB",
      "frameflow.jwt.hmac-secret=" + ResumableUploadIT.JWT_SECRET
    })
class ResumableUploadIT extends GatewayIntegrationTest {

  static final String JWT_SECRET = "resumable-it-shared-secret-of-at-least-256-bits!";
  private static final int MB = 1024 * 1024;

  private static ConfigurableApplicationContext secondGateway;

  @Autowired JdbcClient jdbc;
  @Autowired ExpiredUploadSweeper sweeper;

  private final S3Client s3 = TestServers.get().s3Client();

  /**
   * The S3 server is shared with the other tests, some of which count open multipart uploads: the
   * uploads a test left unfinished are expired and swept as in production.
   */
  @AfterEach
  void sweepUnfinishedUploads() {
    jdbc.sql("update resumable_upload set expires_at = ? where completed_at is null")
        .param(Timestamp.from(Instant.now().minusSeconds(1)))
        .update();
    sweeper.sweep();
  }

  @AfterAll
  static void stopSecondGateway() {
    if (secondGateway != null) {
      secondGateway.close();
      secondGateway = null;
    }
  }

  @Test
  void options_advertise_the_protocol_without_a_token() {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(url("/api/uploads"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("Tus-Version")).hasValue("1.0.0");
    assertThat(response.headers().firstValue("Tus-Extension"))
        .hasValue("creation,termination,expiration");
    assertThat(response.headers().firstValue("Tus-Max-Size")).hasValue(String.valueOf(64L * MB));
    assertThat(get("/v3/api-docs", null).body()).contains("/api/uploads/{id}");
  }

  @Test
  void a_50_MB_upload_broken_off_at_60_percent_is_finished_through_another_gateway()
      throws Exception {
    String email = newUser();
    String token = login(email);
    byte[] original = paddedVideo(50 * MB + 12_345);
    String fingerprint = "it-" + UUID.randomUUID();

    // instance A: the tus client sends the first half, in requests that do not end on part limits
    TusClient clientA = tusClient(port, token, new TusURLMemoryStore());
    TusUploader uploaderA = clientA.createUpload(tusUpload(original, fingerprint));
    uploaderA.setChunkSize(64 * 1024);
    uploaderA.setRequestPayloadSize(3 * MB + 321);
    while (uploaderA.getOffset() < original.length / 2) {
      assertThat(uploaderA.uploadChunk()).isPositive();
    }
    uploaderA.finish();
    URL uploadUrl = uploaderA.getUploadURL();
    UUID uploadId = UUID.fromString(uploadUrl.getPath().substring("/api/uploads/".length()));
    long half = uploaderA.getOffset();

    // then the connection breaks in the middle of a PATCH, at 60 %
    int sixtyPercent = (int) (original.length * 0.6);
    brokenPatch(port, token, uploadId, half, original, sixtyPercent);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.sql(
                        "select upload_offset = ? and lease_token is null from resumable_upload"
                            + " where id = ?")
                    .params(sixtyPercent, uploadId)
                    .query(Boolean.class)
                    .single());

    // instance B continues from what A kept: the client asks B where to go on
    int portB = secondGateway();
    TusURLMemoryStore storeB = new TusURLMemoryStore();
    storeB.set(fingerprint, new URL("http://127.0.0.1:" + portB + "/api/uploads/" + uploadId));
    TusClient clientB = tusClient(portB, token, storeB);
    TusUploader uploaderB = clientB.resumeUpload(tusUpload(original, fingerprint));
    assertThat(uploaderB.getOffset()).isEqualTo(sixtyPercent);
    uploaderB.setChunkSize(64 * 1024);
    uploaderB.setRequestPayloadSize(4 * MB + 77);
    while (uploaderB.uploadChunk() > -1) {
      // until the last byte
    }
    uploaderB.finish();
    assertThat(uploaderB.getOffset()).isEqualTo(original.length);

    // HEAD (on A) names the video; it is registered with the metadata's options
    HttpResponse<String> head = head("/api/uploads/" + uploadId, token);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Upload-Offset")).hasValue("" + original.length);
    UUID videoId = UUID.fromString(head.headers().firstValue("Frameflow-Video-Id").orElseThrow());
    assertThat(head.headers().firstValue("Frameflow-Video-Location"))
        .hasValue("/api/videos/" + videoId);
    byte[] stored =
        s3.getObjectAsBytes(
                b -> b.bucket(TestServers.UPLOAD_BUCKET).key("videos/" + videoId + "/source"))
            .asByteArray();
    assertThat(stored.length).isEqualTo(original.length);
    assertThat(Arrays.equals(stored, original)).as("stored bytes equal the original").isTrue();

    JsonNode video = body(get("/api/videos/" + videoId, token));
    assertThat(video.get("status").asString()).isEqualTo("QUEUED");
    assertThat(video.get("originalFilename").asString()).isEqualTo("holiday.mp4");
    assertThat(video.get("sizeBytes").asLong()).isEqualTo(original.length);
    assertThat(video.get("container").asString()).isEqualTo("MP4");
    assertThat(video.get("options").get("fps").asDouble()).isEqualTo(2.0);
    assertThat(video.get("options").get("format").asString()).isEqualTo("png");
    List<JsonNode> events = takeFromProbeFor(videoId, 1, Duration.ofSeconds(15));
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("type").asString()).isEqualTo("video.uploaded");
    assertThat(events.get(0).get("sizeBytes").asLong()).isEqualTo(original.length);
    assertThat(multipartUploads("videos/" + videoId + "/")).isEmpty();
    assertThat(exists(S3UploadParts.tailKey(uploadId))).isFalse();
  }

  @Test
  void the_patch_that_completes_the_upload_names_the_video() {
    String token = login(newUser());
    byte[] video = TestVideos.oneSecond("mkv");
    String location = create(token, video.length, metadata("filename", "a.mkv", "fps", "1"));

    HttpResponse<String> first = patch(location, token, 0, Arrays.copyOf(video, 100));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
    assertThat(first.headers().firstValue("Upload-Offset")).hasValue("100");
    assertThat(first.headers().firstValue("Upload-Expires")).isPresent();
    assertThat(first.headers().firstValue("Frameflow-Video-Id")).isEmpty();

    HttpResponse<String> last =
        patch(location, token, 100, Arrays.copyOfRange(video, 100, video.length));
    assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
    assertThat(last.headers().firstValue("Upload-Offset")).hasValue("" + video.length);
    String videoLocation = last.headers().firstValue("Frameflow-Video-Location").orElseThrow();
    JsonNode shown = body(get(videoLocation, token));
    assertThat(shown.get("container").asString()).isEqualTo("MATROSKA");
    assertThat(shown.get("id").asString())
        .isEqualTo(last.headers().firstValue("Frameflow-Video-Id").orElseThrow());
  }

  /**
   * A client may pause for up to the advertised {@code Upload-Expires}; the buckets' lifecycle
   * aborts a multipart upload days after it began, however active, so the gateway never advertises
   * past {@code frameflow.resumable.max-age} (6 days; the lifecycle's 7 is checked longer by
   * infra-tests) and an upload paused within what it advertised completes.
   */
  @Test
  void an_upload_paused_within_its_advertised_expiry_completes_and_never_outlives_max_age() {
    String token = login(newUser());
    byte[] video = TestVideos.oneSecond("mkv");
    String location = create(token, video.length, metadata("filename", "paused.mkv", "fps", "1"));
    UUID uploadId = idOf(location);
    // begun five and a half days ago, its last bytes 23 hours ago: within its 24 hours
    Instant began = Instant.now().minus(Duration.ofHours(5 * 24 + 12));
    jdbc.sql("update resumable_upload set created_at = ?, expires_at = ? where id = ?")
        .params(Timestamp.from(began), Timestamp.from(Instant.now().plusSeconds(3600)), uploadId)
        .update();

    HttpResponse<String> resumed = patch(location, token, 0, Arrays.copyOf(video, 100));
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(204);
    Instant advertised =
        ZonedDateTime.parse(
                resumed.headers().firstValue("Upload-Expires").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant();
    assertThat(advertised)
        .as("24 h after these bytes would be past the six days since the upload began")
        .isBefore(Instant.now().plus(Duration.ofHours(13)))
        .isAfter(Instant.now().plus(Duration.ofHours(11)));

    HttpResponse<String> last =
        patch(location, token, 100, Arrays.copyOfRange(video, 100, video.length));
    assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
    assertThat(last.headers().firstValue("Frameflow-Video-Id")).isPresent();
  }

  /**
   * A completion S3 stored but the gateway never registered (it went away in between): the client's
   * retry finds the multipart upload gone, sees the whole object in S3 (a HEAD of the source) and
   * registers the video.
   */
  @Test
  void a_completion_stored_but_not_registered_is_registered_on_the_retry() {
    String token = login(newUser());
    byte[] video = TestVideos.oneSecond("mkv");
    String location = create(token, video.length, metadata("filename", "lost.mkv", "fps", "1"));
    UUID uploadId = idOf(location);
    String key = "videos/" + videoIdOf(uploadId) + "/source";
    String s3UploadId =
        jdbc.sql("select s3_upload_id from resumable_upload where id = ?")
            .param(uploadId)
            .query(String.class)
            .single();
    // what the lost attempt did: the whole object stored, the multipart upload completed
    String etag =
        s3.uploadPart(
                b ->
                    b.bucket(TestServers.UPLOAD_BUCKET).key(key).uploadId(s3UploadId).partNumber(1),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(video))
            .eTag();
    s3.completeMultipartUpload(
        b ->
            b.bucket(TestServers.UPLOAD_BUCKET)
                .key(key)
                .uploadId(s3UploadId)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));

    HttpResponse<String> retry = patch(location, token, 0, video);

    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(204);
    assertThat(retry.headers().firstValue("Frameflow-Video-Id")).isPresent();
  }

  /** The multipart upload aborted behind the gateway's back, nothing stored: 410, nothing lost. */
  @Test
  void an_upload_whose_parts_are_gone_from_S3_fails_without_registering_a_video() {
    String token = login(newUser());
    byte[] video = TestVideos.oneSecond("mkv");
    String location = create(token, video.length, metadata("filename", "gone.mkv", "fps", "1"));
    UUID uploadId = idOf(location);
    String s3UploadId =
        jdbc.sql("select s3_upload_id from resumable_upload where id = ?")
            .param(uploadId)
            .query(String.class)
            .single();
    s3.abortMultipartUpload(
        b ->
            b.bucket(TestServers.UPLOAD_BUCKET)
                .key("videos/" + videoIdOf(uploadId) + "/source")
                .uploadId(s3UploadId));

    HttpResponse<String> attempt = patch(location, token, 0, video);

    assertThat(attempt.statusCode()).as(attempt.body()).isEqualTo(410);
    assertThat(attempt.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(attempt.headers().firstValue("Frameflow-Video-Id")).isEmpty();
  }

  @Test
  void an_expired_upload_is_swept_and_its_parts_are_gone_from_S3() {
    String token = login(newUser());
    byte[] original = paddedVideo(12 * MB);
    String location = create(token, original.length, null);
    // one whole part in S3 and a tail object
    assertThat(patch(location, token, 0, Arrays.copyOf(original, 7 * MB)).statusCode())
        .isEqualTo(204);
    UUID uploadId = idOf(location);
    String sourcePrefix = "videos/" + videoIdOf(uploadId) + "/";
    assertThat(multipartUploads(sourcePrefix)).hasSize(1);
    assertThat(exists(S3UploadParts.tailKey(uploadId))).isTrue();

    jdbc.sql("update resumable_upload set expires_at = ? where id = ?")
        .params(Timestamp.from(Instant.now().minusSeconds(1)), uploadId)
        .update();
    assertThat(head(location, token).statusCode()).as("expired, not yet swept").isEqualTo(410);
    assertThat(sweeper.sweep()).isGreaterThanOrEqualTo(1);

    assertThat(multipartUploads(sourcePrefix)).isEmpty();
    assertThat(exists(S3UploadParts.tailKey(uploadId))).isFalse();
    assertThat(head(location, token).statusCode()).isEqualTo(404);
  }

  @Test
  void a_user_has_at_most_ten_unfinished_uploads_open() {
    String token = login(newUser());
    List<String> open = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      open.add(create(token, 1000, null));
    }
    HttpResponse<String> eleventh =
        tus("/api/uploads", token, "POST", null).header("Upload-Length", "1000").build();
    assertThat(eleventh.statusCode()).as(eleventh.body()).isEqualTo(429);
    assertThat(eleventh.body()).contains("\"code\":\"too-many-open-resumable-uploads\"");

    // another user is not affected; terminating one makes room again
    assertThat(open).doesNotHaveDuplicates();
    create(login(newUser()), 1000, null);
    assertThat(tus(open.get(0), token, "DELETE", null).build().statusCode()).isEqualTo(204);
    create(token, 1000, null);
  }

  @Test
  void termination_deletes_the_stored_bytes() {
    String token = login(newUser());
    byte[] original = paddedVideo(8 * MB);
    String location = create(token, original.length, null);
    assertThat(patch(location, token, 0, Arrays.copyOf(original, 6 * MB)).statusCode())
        .isEqualTo(204);
    UUID uploadId = idOf(location);
    String sourcePrefix = "videos/" + videoIdOf(uploadId) + "/";
    assertThat(multipartUploads(sourcePrefix)).hasSize(1);

    HttpResponse<String> terminated = tus(location, token, "DELETE", null).build();
    assertThat(terminated.statusCode()).isEqualTo(204);

    assertThat(multipartUploads(sourcePrefix)).isEmpty();
    assertThat(exists(S3UploadParts.tailKey(uploadId))).isFalse();
    assertThat(head(location, token).statusCode()).isEqualTo(404);
    assertThat(patch(location, token, 6 * MB, new byte[10]).statusCode()).isEqualTo(404);
  }

  @Test
  void a_wrong_offset_is_409_and_nothing_is_appended() {
    String token = login(newUser());
    byte[] video = TestVideos.oneSecond("mp4");
    String location = create(token, video.length, null);
    assertThat(patch(location, token, 0, Arrays.copyOf(video, 500)).statusCode()).isEqualTo(204);

    HttpResponse<String> behind = patch(location, token, 100, Arrays.copyOfRange(video, 100, 600));
    HttpResponse<String> ahead = patch(location, token, 900, Arrays.copyOfRange(video, 900, 950));

    for (HttpResponse<String> response : List.of(behind, ahead)) {
      assertThat(response.statusCode()).isEqualTo(409);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(body(response).get("detail").asString()).contains("offset 500");
    }
    assertThat(head(location, token).headers().firstValue("Upload-Offset")).hasValue("500");
  }

  @Test
  void another_users_upload_is_404_and_no_token_is_401() {
    String owner = login(newUser());
    String stranger = login(newUser());
    byte[] video = TestVideos.oneSecond("mp4");
    String location = create(owner, video.length, null);

    assertThat(head(location, stranger).statusCode()).isEqualTo(404);
    assertThat(patch(location, stranger, 0, video).statusCode()).isEqualTo(404);
    assertThat(tus(location, stranger, "DELETE", null).build().statusCode()).isEqualTo(404);
    assertThat(head(location, null).statusCode()).isEqualTo(401);
    // the owner's upload is untouched
    assertThat(head(location, owner).headers().firstValue("Upload-Offset")).hasValue("0");
  }

  @Test
  void protocol_errors_are_problem_json() {
    String token = login(newUser());
    String location = create(token, 1000, null);

    HttpResponse<String> oldVersion =
        send(
            HttpRequest.newBuilder(url(location))
                .header("Authorization", "Bearer " + token)
                .header("Tus-Resumable", "0.2.2")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(oldVersion.statusCode()).isEqualTo(412);
    assertThat(oldVersion.headers().firstValue("Tus-Version")).hasValue("1.0.0");

    HttpResponse<String> wrongType =
        tus(location, token, "PATCH", new byte[10])
            .header("Upload-Offset", "0")
            .header("Content-Type", "application/octet-stream")
            .build();
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(body(wrongType).get("detail").asString())
        .contains("application/offset+octet-stream");

    HttpResponse<String> tooLarge =
        tus("/api/uploads", token, "POST", null)
            .header("Upload-Length", String.valueOf(65L * MB))
            .build();
    assertThat(tooLarge.statusCode()).isEqualTo(413);

    HttpResponse<String> badOption =
        tus("/api/uploads", token, "POST", null)
            .header("Upload-Length", "1000")
            .header("Upload-Metadata", metadata("filename", "a.mp4", "fps", "500"))
            .build();
    assertThat(badOption.statusCode()).isEqualTo(400);
    JsonNode problem = body(badOption);
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("fps");

    HttpResponse<String> badFormat =
        tus("/api/uploads", token, "POST", null)
            .header("Upload-Length", "1000")
            .header("Upload-Metadata", metadata("format", "gif"))
            .build();
    assertThat(badFormat.statusCode()).isEqualTo(400);
    assertThat(body(badFormat).get("detail").asString())
        .contains("format must be jpeg, png or webp");

    HttpResponse<String> unknown =
        tus("/api/uploads", token, "POST", null)
            .header("Upload-Length", "1000")
            .header("Upload-Metadata", metadata("colour", "red"))
            .build();
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(body(unknown).get("detail").asString()).contains("colour");
  }

  @Test
  void bytes_that_are_not_a_video_are_refused_and_the_upload_deleted() {
    String token = login(newUser());
    byte[] text = "this is not a video at all ".repeat(100).getBytes(StandardCharsets.UTF_8);
    String location = create(token, text.length, metadata("filename", "notes.mp4"));

    HttpResponse<String> refused = patch(location, token, 0, text);

    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(body(refused).get("detail").asString()).contains("notes.mp4");
    assertThat(head(location, token).statusCode()).isEqualTo(404);
  }

  // ---- helpers ----

  private int secondGateway() {
    if (secondGateway == null) {
      TestServers servers = TestServers.get();
      Map<String, Object> properties = new HashMap<>();
      properties.put("server.port", "0");
      properties.put("spring.datasource.url", servers.jdbcUrl());
      properties.put("spring.datasource.username", "postgres");
      properties.put("spring.datasource.password", "postgres");
      properties.put("frameflow.s3.endpoint", servers.s3Endpoint().toString());
      properties.put("frameflow.s3.path-style", "true");
      properties.put("frameflow.s3.upload-bucket", TestServers.UPLOAD_BUCKET);
      properties.put("frameflow.s3.result-bucket", TestServers.RESULT_BUCKET);
      properties.put("spring.mail.host", "127.0.0.1");
      properties.put("spring.mail.port", String.valueOf(servers.smtpPort()));
      properties.put("spring.rabbitmq.host", "127.0.0.1");
      properties.put("spring.rabbitmq.virtual-host", TestServers.RABBIT_VHOST);
      properties.put("frameflow.upload.max-file-size", "64MB");
      properties.put("frameflow.upload.part-size", "5MB");
      properties.put("frameflow.jwt.hmac-secret", JWT_SECRET);
      // the same signing key as the test context's, so its tokens verify here too
      properties.put("frameflow.jwt.private-key-file", TestServers.jwtKeyFile().toString());
      secondGateway =
          new SpringApplicationBuilder(ApiGatewayApplication.class)
              .properties(properties)
              // any free port (an argument outranks application.yml's 8080, which may be taken)
              .run("--server.port=0");
    }
    return Integer.parseInt(secondGateway.getEnvironment().getProperty("local.server.port"));
  }

  private static TusClient tusClient(int port, String token, TusURLMemoryStore store)
      throws Exception {
    TusClient client = new TusClient();
    client.setUploadCreationURL(new URL("http://127.0.0.1:" + port + "/api/uploads"));
    client.setHeaders(Map.of("Authorization", "Bearer " + token));
    client.enableResuming(store);
    return client;
  }

  private static TusUpload tusUpload(byte[] bytes, String fingerprint) {
    TusUpload upload = new TusUpload();
    upload.setInputStream(new ByteArrayInputStream(bytes));
    upload.setSize(bytes.length);
    upload.setFingerprint(fingerprint);
    upload.setMetadata(Map.of("filename", "holiday.mp4", "fps", "2", "format", "png"));
    return upload;
  }

  /**
   * A PATCH for the rest of the upload whose connection is cut once the bytes up to {@code cutAt}
   * are sent, as when a network drops.
   */
  private static void brokenPatch(
      int port, String token, UUID uploadId, long offset, byte[] original, int cutAt)
      throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      String headers =
          "PATCH /api/uploads/"
              + uploadId
              + " HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\nAuthorization: Bearer "
              + token
              + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: "
              + offset
              + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: "
              + (original.length - offset)
              + "\r\n\r\n";
      out.write(headers.getBytes(StandardCharsets.US_ASCII));
      out.write(original, (int) offset, (int) (cutAt - offset));
      out.flush();
    }
  }

  /** A real video followed by random bytes (the container is recognised from the first bytes). */
  private static byte[] paddedVideo(int size) {
    byte[] video = TestVideos.oneSecond("mp4");
    byte[] padded = Arrays.copyOf(video, size);
    byte[] noise = new byte[size - video.length];
    new Random(size).nextBytes(noise);
    System.arraycopy(noise, 0, padded, video.length, noise.length);
    return padded;
  }

  private static String metadata(String... keyValues) {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (header.length() > 0) {
        header.append(',');
      }
      header
          .append(keyValues[i])
          .append(' ')
          .append(
              Base64.getEncoder()
                  .encodeToString(keyValues[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return header.toString();
  }

  private String create(String token, long length, String metadata) {
    TusRequest request =
        tus("/api/uploads", token, "POST", null).header("Upload-Length", String.valueOf(length));
    if (metadata != null) {
      request.header("Upload-Metadata", metadata);
    }
    HttpResponse<String> response = request.build();
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.headers().firstValue("Upload-Expires")).isPresent();
    return response.headers().firstValue("Location").orElseThrow();
  }

  private HttpResponse<String> patch(String location, String token, long offset, byte[] bytes) {
    return tus(location, token, "PATCH", bytes)
        .header("Upload-Offset", String.valueOf(offset))
        .header("Content-Type", "application/offset+octet-stream")
        .build();
  }

  private HttpResponse<String> head(String location, String token) {
    return tus(location, token, "HEAD", null).build();
  }

  private TusRequest tus(String path, String token, String method, byte[] body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(url(path))
            .header("Tus-Resumable", "1.0.0")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return new TusRequest(builder);
  }

  private final class TusRequest {
    private final HttpRequest.Builder builder;

    TusRequest(HttpRequest.Builder builder) {
      this.builder = builder;
    }

    TusRequest header(String name, String value) {
      builder.header(name, value);
      return this;
    }

    HttpResponse<String> build() {
      return send(builder.build());
    }
  }

  private static UUID idOf(String location) {
    return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
  }

  private UUID videoIdOf(UUID uploadId) {
    return jdbc.sql("select video_id from resumable_upload where id = ?")
        .param(uploadId)
        .query(UUID.class)
        .single();
  }

  private List<MultipartUpload> multipartUploads(String prefix) {
    return s3
        .listMultipartUploads(b -> b.bucket(TestServers.UPLOAD_BUCKET).prefix(prefix))
        .uploads()
        .stream()
        .filter(upload -> upload.key().startsWith(prefix))
        .toList();
  }

  private boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(TestServers.UPLOAD_BUCKET).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }
}
