package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.FrameZips;
import dev.frameflow.gateway.support.HandledStatusEvents;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.gateway.support.WebFeatureTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * After a video is deleted, nothing of it stays in either bucket (listed by its prefix in the real
 * s3proxy), also when its extraction writes its ZIP after the delete and reports SUCCEEDED.
 */
class VideoObjectsAfterDeleteIT extends WebFeatureTest {

  @RegisterExtension final HandledStatusEvents handled = new HandledStatusEvents();
  @Autowired JdbcClient jdbc;
  private final S3Client s3 = TestServers.get().s3Client();

  @Test
  void aZipWrittenAfterTheDeleteGoesWithTheLateSuccessAndNothingOfTheVideoRemains() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    assertThat(objectsOf(videoId)).contains("videos/" + videoId + "/source");

    assertThat(delete("/api/videos/" + videoId, token).statusCode()).isEqualTo(204);
    assertThat(objectsOf(videoId)).isEmpty();

    // the extraction was still running: it writes its ZIP, then its outcome arrives
    writeLateZip(videoId);
    UUID late = UUID.randomUUID();
    publishStatus(statusEvent(late, videoId, "SUCCEEDED", "\"frames\": 2, \"bytes\": 10"));
    assertThat(handled.await(late)).isEqualTo("STALE");
    assertThat(objectsOf(videoId)).isEmpty();
  }

  @Test
  void aLateSuccessOfAVideoWhoseRowIsGoneDeletesItsObjects() {
    String token = login(newUser());
    UUID videoId = uploadVideo(token);
    // its account was deleted (and the video's row with it) while the extraction ran
    jdbc.sql("delete from video where id = ?").param(videoId).update();
    writeLateZip(videoId);

    UUID late = UUID.randomUUID();
    publishStatus(statusEvent(late, videoId, "SUCCEEDED", "\"frames\": 2, \"bytes\": 10"));
    assertThat(handled.await(late)).isEqualTo("STALE");
    assertThat(objectsOf(videoId)).isEmpty();
  }

  private void writeLateZip(UUID videoId) {
    s3.putObject(
        b -> b.bucket(TestServers.RESULT_BUCKET).key(VideoService.outputKey(videoId)),
        RequestBody.fromBytes(FrameZips.frames(2, 64, 36)));
    assertThat(objectsOf(videoId)).contains(VideoService.outputKey(videoId));
  }

  /** Every key under the video's prefix, in both buckets. */
  private List<String> objectsOf(UUID videoId) {
    return List.of(TestServers.UPLOAD_BUCKET, TestServers.RESULT_BUCKET).stream()
        .flatMap(
            bucket ->
                s3
                    .listObjectsV2Paginator(b -> b.bucket(bucket).prefix("videos/" + videoId + "/"))
                    .contents()
                    .stream())
        .map(S3Object::key)
        .toList();
  }
}
