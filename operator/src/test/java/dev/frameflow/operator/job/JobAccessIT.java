package dev.frameflow.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.objectstreams.MultipartOutputStream;
import dev.frameflow.objectstreams.PresignedPartWriter;
import dev.frameflow.operator.config.OperatorProperties;
import dev.frameflow.operator.config.PresignProperties;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.operator.videojob.VideoJob;
import dev.frameflow.operator.videojob.VideoJobSpec;
import dev.frameflow.testing.InProcessS3;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A Job's presigned URLs against s3proxy, which checks signatures as S3 does: they read its own
 * source (with ranges) and write its own ZIP, and changed to name another video's objects they are
 * refused.
 */
class JobAccessIT {

  static final UUID MINE = UUID.fromString("11111111-1111-4111-8111-111111111111");
  static final UUID THEIRS = UUID.fromString("22222222-2222-4222-8222-222222222222");
  static final int PART = 5 * 1024 * 1024;

  @TempDir static Path temp;
  static InProcessS3 s3;
  static JobAccess access;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ExtractionJobBuilder builder =
      new ExtractionJobBuilder(OperatorProperties.defaults("frame-extractor:test"));

  @BeforeAll
  static void start() {
    s3 = InProcessS3.start(temp.resolve("s3"));
    // three parts of 5 MiB: the largest ZIP is 15 MiB
    access =
        OperatorFixture.jobAccess(
            OperatorFixture.s3(s3),
            new PresignProperties(DataSize.ofBytes(PART), 3, Duration.ofMinutes(1)));
    s3.put(InProcessS3.UPLOADS, key(MINE), "my video".getBytes(StandardCharsets.UTF_8));
    s3.put(InProcessS3.UPLOADS, key(THEIRS), "their video".getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @Test
  void theSecretIsOwnedByTheJobAndHoldsOnlyTheSourceUrlAndTheUpload() {
    Job job = job(MINE);
    Secret secret = access.secretFor(job, spec(MINE), 600);

    assertThat(secret.getMetadata().getName()).isEqualTo("extract-" + MINE + "-access");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("Job");
              assertThat(owner.getUid()).isEqualTo("job-uid-" + MINE);
              assertThat(owner.getController()).isTrue();
            });
    assertThat(secret.getStringData()).containsOnlyKeys("source-url", "upload.json");
    assertThat(secret.getImmutable()).isTrue();
    // 256 parts as a template and signatures: ~17 KB, where the URLs themselves are ~115 KB
    assertThat(secret.getStringData().get("upload.json")).hasSizeLessThan(24 * 1024);
    // valid for the Job's deadline plus the margin
    assertThat(secret.getStringData().get("source-url")).contains("X-Amz-Expires=660");
  }

  @Test
  void theSourceUrlReadsItsOwnVideoInRangesAndNoOtherVideo() throws Exception {
    URI source =
        URI.create(access.secretFor(job(MINE), spec(MINE), 600).getStringData().get("source-url"));

    HttpResponse<String> range =
        http.send(
            HttpRequest.newBuilder(source).header("Range", "bytes=3-7").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo("video");

    URI forged = URI.create(source.toString().replace(MINE.toString(), THEIRS.toString()));
    HttpResponse<String> theirs =
        http.send(HttpRequest.newBuilder(forged).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(theirs.statusCode()).isEqualTo(403);
    assertThat(theirs.body()).doesNotContain("their video");
  }

  @Test
  void theUploadWritesItsOwnZipUpToItsMaximumAndCannotWriteAnothers() throws Exception {
    PresignedAccess upload = upload(MINE);
    assertThat(upload.maxBytes()).isEqualTo(3L * PART);

    byte[] nearMax = new byte[3 * PART - 100];
    new java.util.Random(1).nextBytes(nearMax);
    MultipartOutputStream stream =
        MultipartOutputStream.sequential(writer(upload.parts(), upload), PART, Long.MAX_VALUE);
    stream.write(nearMax);
    assertThat(stream.complete()).isEqualTo(nearMax.length);
    assertThat(s3.get(InProcessS3.RESULTS, output(MINE))).isEqualTo(nearMax);

    PresignedAccess mine = upload(MINE);
    List<String> forged =
        mine.parts().stream().map(u -> u.replace(MINE.toString(), THEIRS.toString())).toList();
    PresignedPartWriter theirs = writer(forged, mine);
    assertThatThrownBy(() -> theirs.writePart(1, new byte[] {1, 2, 3}, 3))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 403");
    assertThat(s3.exists(InProcessS3.RESULTS, output(THEIRS))).isFalse();
  }

  @Test
  void moreThanTheUploadCanHoldIsRefused() throws Exception {
    PresignedAccess upload = upload(MINE);
    MultipartOutputStream stream =
        MultipartOutputStream.sequential(writer(upload.parts(), upload), PART, Long.MAX_VALUE);
    stream.write(new byte[3 * PART]);
    assertThatThrownBy(() -> stream.write(0))
        .isInstanceOf(dev.frameflow.objectstreams.ObjectTooLargeException.class);
    stream.abort();
  }

  private static PresignedPartWriter writer(List<String> parts, PresignedAccess upload) {
    return new PresignedPartWriter(
        http,
        parts.stream().map(URI::create).toList(),
        URI.create(upload.complete()),
        URI.create(upload.abort()));
  }

  private static PresignedAccess upload(UUID video) throws IOException {
    String json = access.secretFor(job(video), spec(video), 600).getStringData().get("upload.json");
    return JsonMapper.builder().build().readValue(json, PresignedAccess.class);
  }

  private static Job job(UUID video) {
    VideoJob videoJob = VideoJobFixtures.videoJob(video, spec(video));
    videoJob.getMetadata().setUid("uid-" + video);
    videoJob.getMetadata().setGeneration(1L);
    Job job = builder.build(videoJob);
    job.getMetadata().setUid("job-uid-" + video);
    return job;
  }

  private static VideoJobSpec spec(UUID video) {
    return VideoJobFixtures.spec(video);
  }

  private static String key(UUID video) {
    return spec(video).source().key();
  }

  private static String output(UUID video) {
    return spec(video).output().key();
  }
}
