package dev.frameflow.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.contracts.validation.ContractValidator;
import dev.frameflow.objectstreams.MultipartOutputStream;
import dev.frameflow.objectstreams.PresignedPartWriter;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.videojob.VideoJobSpec;
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
 * The URLs granted to a Job's pods against s3proxy, which checks signatures as S3 does: they read
 * its own source (with ranges) and write its own ZIP or part, and changed to name another video's
 * objects or another index's part they are refused.
 */
class JobAccessIT {

  static final UUID MINE = UUID.fromString("11111111-1111-4111-8111-111111111111");
  static final UUID THEIRS = UUID.fromString("22222222-2222-4222-8222-222222222222");
  static final int PART = 5 * 1024 * 1024;

  @TempDir static Path temp;
  static InProcessS3 s3;
  static JobAccess access;
  static final HttpClient http = HttpClient.newHttpClient();
  static final JsonMapper JSON =
      JsonMapper.builder()
          .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .build();

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
  void eachGrantHoldsOnlyWhatItsPodNeedsValidForTheDeadlinePlusTheMargin() throws Exception {
    AccessGrant probe = access.probeGrant(spec(MINE), 600);
    assertThat(probe.upload()).isNull();
    assertThat(probe.slice()).isNull();
    // valid for the Job's deadline plus the margin
    assertThat(probe.sourceUrl()).contains("X-Amz-Expires=660");

    AccessGrant onePod = onePod(MINE);
    assertThat(onePod.slice()).isNull();
    assertThat(onePod.upload().parts()).hasSize(3);
    assertThat(ContractValidator.check(onePod)).isEmpty();
    // 256 parts travel as a template and signatures: ~17 KB where the URLs are ~115 KB
    AccessGrant production =
        OperatorFixture.jobAccess(OperatorFixture.s3(s3), PresignProperties.defaults())
            .onePodGrant(spec(MINE), 600, "an-upload");
    assertThat(production.upload().parts()).hasSize(256);
    assertThat(JSON.writeValueAsString(production)).hasSizeLessThan(24 * 1024);

    AccessGrant slice = access.sliceGrant(spec(MINE), 600, 2, "the-upload");
    assertThat(slice.upload()).isNull();
    assertThat(slice.slice().index()).isEqualTo(2);
    // its own part (number index + 1) of the shared upload, and its own spill and index objects
    assertThat(slice.slice().partUrl()).contains("partNumber=3&").contains("uploadId=the-upload");
    assertThat(slice.slice().spillUrl()).contains("/frames.zip.slices/2.part?");
    assertThat(slice.slice().indexUrl()).contains("/frames.zip.slices/2.json?");
  }

  @Test
  void aSlicesPartUrlWritesItsOwnPartAndNoOtherIndexes() throws Exception {
    String uploadId = access.createUpload(spec(MINE).output());
    AccessGrant.SliceGrant mine = access.sliceGrant(spec(MINE), 600, 1, uploadId).slice();

    HttpResponse<String> own = put(URI.create(mine.partUrl()), new byte[] {1, 2, 3});
    assertThat(own.statusCode()).isEqualTo(200);
    URI another = URI.create(mine.partUrl().replace("partNumber=2&", "partNumber=1&"));
    assertThat(put(another, new byte[] {4}).statusCode()).isEqualTo(403);
    access.abortUpload(spec(MINE).output(), uploadId);
  }

  @Test
  void theSourceUrlReadsItsOwnVideoInRangesAndNoOtherVideo() throws Exception {
    URI source = URI.create(access.probeGrant(spec(MINE), 600).sourceUrl());

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

  private static PresignedAccess upload(UUID video) {
    return onePod(video).upload();
  }

  private static AccessGrant onePod(UUID video) {
    return access.onePodGrant(spec(video), 600, access.createUpload(spec(video).output()));
  }

  private static HttpResponse<String> put(URI url, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
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
