package dev.frameflow.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.frameflow.gateway.notify.NotificationSender;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.HandledStatusEvents;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.testing.aws.IssuedCredentials;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/** The whole journey over HTTP, with RabbitMQ, S3, PostgreSQL and SMTP all real. */
class ApiFlowIT extends GatewayIntegrationTest {

  @Autowired JdbcClient jdbc;
  @Autowired NotificationSender notificationSender;
  @RegisterExtension final HandledStatusEvents handled = new HandledStatusEvents();

  private final S3Client s3 = TestServers.get().s3Client();

  @Test
  void uploadedVideoTravelsThroughTheOutboxAndComesBackAsADownloadAndOneEmail() throws Exception {
    String email = newUser();
    String token = login(email);

    HttpResponse<String> uploaded =
        upload(
            token,
            new Multipart()
                .field("intervalSeconds", "2")
                .field("format", "png")
                .field("width", "320")
                .file("holiday.mp4", TestVideos.oneSecond("mp4")));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
    JsonNode video = body(uploaded).get("videos").get(0);
    UUID videoId = UUID.fromString(video.get("id").asString());
    assertThat(uploaded.headers().firstValue("Location")).hasValue("/api/videos/" + videoId);
    assertThat(video.get("status").asString()).isEqualTo("QUEUED");

    // the source is in S3 under a key made from the id, the client's name only as metadata
    byte[] stored =
        s3.getObjectAsBytes(b -> b.bucket(TestServers.UPLOAD_BUCKET).key(sourceKey(videoId)))
            .asByteArray();
    assertThat(stored).isEqualTo(TestVideos.oneSecond("mp4"));

    // the operator's side receives video.uploaded as documented in docs/events.md
    List<JsonNode> messages = takeFromProbeFor(videoId, 1, Duration.ofSeconds(15));
    assertThat(messages).hasSize(1);
    JsonNode event = messages.get(0);
    assertThat(event.get("type").asString()).isEqualTo("video.uploaded");
    assertThat(event.get("eventId").asString()).isNotBlank();
    assertThat(event.get("occurredAt").asString()).endsWith("Z");
    assertThat(event.get("owner").get("email").asString()).isEqualTo(email);
    assertThat(event.get("source").get("bucket").asString()).isEqualTo(TestServers.UPLOAD_BUCKET);
    assertThat(event.get("source").get("key").asString()).isEqualTo(sourceKey(videoId));
    assertThat(event.get("output").get("key").asString())
        .isEqualTo("videos/" + videoId + "/frames.zip");
    assertThat(event.get("originalFilename").asString()).isEqualTo("holiday.mp4");
    assertThat(event.get("sizeBytes").asLong()).isEqualTo(TestVideos.oneSecond("mp4").length);
    JsonNode extraction = event.get("extraction");
    assertThat(extraction.get("intervalSeconds").asDouble()).isEqualTo(2.0);
    assertThat(extraction.hasNonNull("fps")).isFalse();
    assertThat(extraction.get("format").asString()).isEqualTo("png");
    assertThat(extraction.get("width").asInt()).isEqualTo(320);

    // download is refused while there is nothing to download
    HttpResponse<String> early = get("/api/videos/" + videoId + "/download", token);
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

    // the operator reports progress, then success with the ZIP it wrote
    publishStatus(statusEvent(UUID.randomUUID(), videoId, "PROCESSING", "\"progressPercent\": 40"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "PROCESSING".equals(videoJson(videoId, token).get("status").asString()));
    assertThat(videoJson(videoId, token).get("progressPercent").asInt()).isEqualTo(40);

    byte[] zip = "PK\u0003\u0004 pretend zip".getBytes();
    s3.putObject(
        b -> b.bucket(TestServers.RESULT_BUCKET).key("videos/" + videoId + "/frames.zip"),
        RequestBody.fromBytes(zip));
    UUID succeeded = UUID.randomUUID();
    String success =
        statusEvent(succeeded, videoId, "SUCCEEDED", "\"frames\": 12, \"bytes\": " + zip.length);
    publishStatus(success);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "SUCCEEDED".equals(videoJson(videoId, token).get("status").asString()));
    JsonNode done = videoJson(videoId, token);
    assertThat(done.get("frames").asInt()).isEqualTo(12);
    assertThat(done.get("finishedAt").asString()).isNotBlank();

    // exactly one email, with the link, even though the outcome is delivered again
    publishStatus(success);
    UUID lateProgress = UUID.randomUUID();
    publishStatus(statusEvent(lateProgress, videoId, "PROCESSING", "\"progressPercent\": 10"));
    assertThat(handled.await(succeeded, 2)).containsExactly("APPLIED", "DUPLICATE");
    assertThat(handled.await(lateProgress)).isEqualTo("STALE");
    await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(email).size() == 1);
    notificationSender.sendDue(); // a poll after the last delivery: nothing more is due
    assertThat(mailsTo(email)).hasSize(1);
    MimeMessage mail = mailsTo(email).get(0);
    String content = GreenMailUtil.getBody(mail);
    assertThat(mail.getSubject()).contains("holiday.mp4");
    assertThat(content)
        .contains("https://frameflow.example.org/api/videos/" + videoId + "/download");
    assertThat(content).contains("text/plain").contains("text/html");
    assertThat(videoJson(videoId, token).get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(processedEvents(videoId)).isEqualTo(3); // PROCESSING, SUCCEEDED, late PROCESSING

    // the download redirects to a presigned URL that serves the ZIP without credentials
    HttpResponse<String> download = get("/api/videos/" + videoId + "/download", token);
    assertThat(download.statusCode()).isEqualTo(302);
    URI presigned = URI.create(download.headers().firstValue("Location").orElseThrow());
    // 15 minutes, but never past the gateway's own (IRSA) credentials that signed it
    Map<String, String> query = new java.util.HashMap<>();
    for (String pair : presigned.getQuery().split("&")) {
      query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    long expires = Long.parseLong(query.get("X-Amz-Expires"));
    var signer =
        IssuedCredentials.lookUp(query.get("X-Amz-Credential").split("/")[0]).orElseThrow();
    assertThat(signer.principal().name()).isEqualTo("api-gateway");
    assertThat(expires)
        .isPositive()
        .isLessThanOrEqualTo(900)
        .isLessThanOrEqualTo(
            java.time.Duration.between(java.time.Instant.now(), signer.expiresAt()).toSeconds());
    HttpResponse<byte[]> zipResponse =
        http.send(
            HttpRequest.newBuilder(presigned).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zipResponse.statusCode()).isEqualTo(200);
    assertThat(zipResponse.body()).isEqualTo(zip);

    // the notification log shows the email as sent
    JsonNode notifications = body(get("/api/notifications", token));
    assertThat(notifications.get("items")).hasSize(1);
    assertThat(notifications.get("items").get(0).get("status").asString()).isEqualTo("SENT");
    assertThat(notifications.get("items").get(0).get("outcome").asString()).isEqualTo("SUCCEEDED");
  }

  @Autowired dev.frameflow.gateway.status.StalledVideoSweeper sweeper;

  @Test
  void aVideoWithNoProgressAndNoOutcomeWithinTheDeadlineFailsAsTimedOutOnce() {
    String email = newUser();
    String token = login(email);
    UUID stalled = uploadVideo(token);
    UUID fresh = uploadVideo(token);
    // as if an hour and a bit had passed without a status event for the first one
    jdbc.sql("update video set updated_at = updated_at - interval '2 hours' where id = ?")
        .param(stalled)
        .update();

    assertThat(sweeper.failStalled()).isGreaterThanOrEqualTo(1);
    assertThat(sweeper.failStalled()).as("a second sweep finds nothing more").isZero();

    assertThat(videoJson(stalled, token).get("status").asString()).isEqualTo("FAILED");
    assertThat(videoJson(stalled, token).get("failureReason").asString())
        .isEqualTo("the extraction took longer than its time limit");
    assertThat(videoJson(fresh, token).get("status").asString()).isNotEqualTo("FAILED");
    await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(email).size() == 1);
    assertThat(GreenMailUtil.getBody(mailsTo(email).get(0))).contains("took longer than its time");

    // cancelled for real: video.cancelled through the outbox (the operator deletes the Job), the
    // upload removed; a late success's ZIP is deleted and mails nobody
    assertThat(
            jdbc.sql("select count(*) from outbox where video_id = ? and type = 'video.cancelled'")
                .param(stalled)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(objectExists(TestServers.UPLOAD_BUCKET, sourceKey(stalled))).isFalse();
    s3.putObject(
        b -> b.bucket(TestServers.RESULT_BUCKET).key("videos/" + stalled + "/frames.zip"),
        RequestBody.fromBytes(new byte[] {'P', 'K'}));
    UUID lateSuccess = UUID.randomUUID();
    publishStatus(statusEvent(lateSuccess, stalled, "SUCCEEDED", "\"frames\": 3, \"bytes\": 2"));
    assertThat(handled.await(lateSuccess)).isEqualTo("STALE");
    assertThat(objectExists(TestServers.RESULT_BUCKET, "videos/" + stalled + "/frames.zip"))
        .isFalse();
    assertThat(videoJson(stalled, token).get("status").asString()).isEqualTo("FAILED");
    notificationSender.sendDue();
    assertThat(mailsTo(email)).hasSize(1);
  }

  @Test
  void aVideoWaitingItsTurnIsNotTimedOutWhileTheQueueSaysItWaits() {
    String token = login(newUser());
    UUID waiting = uploadVideo(token);
    jdbc.sql("update video set updated_at = updated_at - interval '2 hours' where id = ?")
        .param(waiting)
        .update();

    UUID heartbeat = UUID.randomUUID();
    publishStatus(
        statusEvent(
            heartbeat,
            waiting,
            "QUEUED",
            "\"queue\": {\"position\": 3, \"ownerPosition\": 1, \"queueLength\": 40,"
                + " \"estimatedStartAt\": \"2026-12-07T10:02:00Z\"}"));
    assertThat(handled.await(heartbeat)).isEqualTo("APPLIED");
    sweeper.failStalled();

    JsonNode shown = videoJson(waiting, token);
    assertThat(shown.get("status").asString()).isEqualTo("QUEUED");
    // where it stands, and the estimate labelled as one
    JsonNode queue = shown.get("queue");
    assertThat(queue.get("position").asInt()).isEqualTo(3);
    assertThat(queue.get("ownerPosition").asInt()).isEqualTo(1);
    assertThat(queue.get("queueLength").asInt()).isEqualTo(40);
    assertThat(queue.get("estimatedStartAt").asString()).isEqualTo("2026-12-07T10:02:00Z");
    assertThat(queue.get("estimate").asBoolean()).isTrue();
    assertThat(
            jdbc.sql("select count(*) from outbox where video_id = ? and type = 'video.cancelled'")
                .param(waiting)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aProcessingVideoWhoseRunWasTakenBackIsNotTimedOutWhileItWaitsToRunAgain() {
    String token = login(newUser());
    UUID preempted = uploadVideo(token);
    UUID started = UUID.randomUUID();
    publishStatus(statusEvent(started, preempted, "PROCESSING", "\"progressPercent\": 40"));
    assertThat(handled.await(started)).isEqualTo("APPLIED");
    // Kueue took its Job back an hour and more ago; the operator's heartbeat says it waits again
    jdbc.sql("update video set updated_at = updated_at - interval '2 hours' where id = ?")
        .param(preempted)
        .update();

    UUID heartbeat = UUID.randomUUID();
    publishStatus(statusEvent(heartbeat, preempted, "QUEUED", "\"queue\": null"));
    assertThat(handled.await(heartbeat)).isEqualTo("APPLIED");
    sweeper.failStalled();

    JsonNode shown = videoJson(preempted, token);
    assertThat(shown.get("status").asString())
        .as("a status never goes back")
        .isEqualTo("PROCESSING");
    assertThat(shown.get("progressPercent").asInt()).isEqualTo(40);
    assertThat(
            jdbc.sql("select count(*) from outbox where video_id = ? and type = 'video.cancelled'")
                .param(preempted)
                .query(Long.class)
                .single())
        .isZero();
  }

  private boolean objectExists(String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Test
  void aFailedVideoEmailsTheReasonAndNeverComesBack() {
    String email = newUser();
    String token = login(email);
    UUID videoId = uploadVideo(token);

    publishStatus(
        statusEvent(
            UUID.randomUUID(), videoId, "FAILED", "\"reason\": \"not a video: audio only\""));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "FAILED".equals(videoJson(videoId, token).get("status").asString()));
    assertThat(videoJson(videoId, token).get("failureReason").asString())
        .isEqualTo("not a video: audio only");
    await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(email).size() == 1);
    assertThat(GreenMailUtil.getBody(mailsTo(email).get(0))).contains("not a video: audio only");

    // a late success (another event id) does not resurrect it, nor mail again
    UUID lateSuccess = UUID.randomUUID();
    publishStatus(statusEvent(lateSuccess, videoId, "SUCCEEDED", "\"frames\": 3"));
    assertThat(handled.await(lateSuccess)).isEqualTo("STALE");
    assertThat(videoJson(videoId, token).get("status").asString()).isEqualTo("FAILED");
    notificationSender.sendDue();
    assertThat(body(get("/api/notifications", token)).get("items")).hasSize(1);
    assertThat(mailsTo(email)).hasSize(1);
  }

  @Test
  void anEmailTheMailServerRefusesIsRetriedWithBackoffAndSentOnce() {
    String email = newUser();
    String token = login(email);
    UUID videoId = uploadVideo(token);
    var smtp = TestServers.get().greenMail();
    smtp.stop();
    try {
      publishStatus(
          statusEvent(UUID.randomUUID(), videoId, "FAILED", "\"reason\": \"corrupt file\""));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                JsonNode log = body(get("/api/notifications", token)).get("items");
                return log.size() == 1
                    && log.get(0).get("status").asString().equals("FAILED")
                    && log.get(0).get("attempts").asInt() >= 1;
              });
    } finally {
      smtp.start();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(email).size() == 1);
    JsonNode sent = body(get("/api/notifications", token)).get("items").get(0);
    assertThat(sent.get("status").asString()).isEqualTo("SENT");
    assertThat(sent.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    notificationSender.sendDue(); // a poll after the email was recorded as sent
    assertThat(mailsTo(email)).hasSize(1);
  }

  @Test
  void listingShowsOnlyOwnVideosNewestFirstAndFiltersByStatus() {
    String token = login(newUser());
    String otherToken = login(newUser());
    UUID first = uploadVideo(token);
    UUID second = uploadVideo(token);
    uploadVideo(otherToken);
    publishStatus(statusEvent(UUID.randomUUID(), first, "FAILED", "\"reason\": \"corrupt\""));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "FAILED".equals(videoJson(first, token).get("status").asString()));

    JsonNode all = body(get("/api/videos", token));
    assertThat(all.get("totalElements").asLong()).isEqualTo(2);
    assertThat(ids(all)).containsExactly(second.toString(), first.toString());

    JsonNode queued = body(get("/api/videos?status=queued", token));
    assertThat(ids(queued)).containsExactly(second.toString());

    JsonNode paged = body(get("/api/videos?page=1&size=1", token));
    assertThat(ids(paged)).containsExactly(first.toString());

    assertThat(get("/api/videos?status=BOGUS", token).statusCode()).isEqualTo(400);
  }

  @Test
  void cancellingPublishesVideoCancelledDeletesTheObjectsAndIsIdempotent() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    takeFromProbeFor(videoId, 1, Duration.ofSeconds(15));

    assertThat(delete("/api/videos/" + videoId, token).statusCode()).isEqualTo(204);
    assertThat(delete("/api/videos/" + videoId, token).statusCode()).isEqualTo(204);

    List<JsonNode> cancelled = takeFromProbeFor(videoId, 2, Duration.ofSeconds(5));
    assertThat(cancelled).hasSize(1);
    assertThat(cancelled.get(0).get("type").asString()).isEqualTo("video.cancelled");
    assertThat(videoJson(videoId, token).get("status").asString()).isEqualTo("CANCELLED");
    assertThat(
            s3.listObjectsV2(b -> b.bucket(TestServers.UPLOAD_BUCKET).prefix("videos/" + videoId))
                .keyCount())
        .isZero();

    // a result that arrives after the cancel changes nothing
    UUID lateSuccess = UUID.randomUUID();
    publishStatus(statusEvent(lateSuccess, videoId, "SUCCEEDED", "\"frames\": 1"));
    assertThat(handled.await(lateSuccess)).isEqualTo("STALE");
    assertThat(videoJson(videoId, token).get("status").asString()).isEqualTo("CANCELLED");
  }

  @Test
  void aPoisonStatusMessageIsDeadLetteredAndTheConsumerCarriesOn() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    new org.springframework.amqp.rabbit.core.RabbitAdmin(rabbitConnectionFactory)
        .purgeQueue("frameflow.gateway.video-status.dlq", false);

    publishStatus("{ this is not json");
    // an outcome for a video that never existed (a late SUCCEEDED of a deleted one deletes its
    // objects instead: VideoObjectsAfterDeleteIT)
    publishStatus(
        statusEvent(UUID.randomUUID(), UUID.randomUUID(), "FAILED", "\"reason\": \"whatever\""));
    publishStatus(statusEvent(UUID.randomUUID(), videoId, "PROCESSING", "\"progressPercent\": 5"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "PROCESSING".equals(videoJson(videoId, token).get("status").asString()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                new org.springframework.amqp.rabbit.core.RabbitAdmin(rabbitConnectionFactory)
                        .getQueueInfo("frameflow.gateway.video-status.dlq")
                        .getMessageCount()
                    == 2);
  }

  private JsonNode videoJson(UUID videoId, String token) {
    HttpResponse<String> response = get("/api/videos/" + videoId, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return body(response);
  }

  private long processedEvents(UUID videoId) {
    return jdbc.sql("select count(*) from processed_event where video_id = ?")
        .param(videoId)
        .query(Long.class)
        .single();
  }

  private static List<String> ids(JsonNode page) {
    return page.get("items").valueStream().map(item -> item.get("id").asString()).toList();
  }

  private static String sourceKey(UUID videoId) {
    return "videos/" + videoId + "/source";
  }

  private static List<MimeMessage> mailsTo(String email) {
    return Arrays.stream(TestServers.get().greenMail().getReceivedMessages())
        .filter(
            message -> {
              try {
                return Arrays.stream(message.getRecipients(RecipientType.TO))
                    .anyMatch(address -> address.toString().equalsIgnoreCase(email));
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }
}
