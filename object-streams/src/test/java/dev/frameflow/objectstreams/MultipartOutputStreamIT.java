package dev.frameflow.objectstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.testing.InProcessS3;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Both part writers against s3proxy, which checks signatures and part sizes like S3. */
class MultipartOutputStreamIT {

  static final String BUCKET = "objects";
  static final int PART = MultipartOutputStream.MIN_PART_SIZE;

  @TempDir static Path store;
  static InProcessS3 proxy;
  static S3Client s3;
  static S3Presigner presigner;
  static ExecutorService senders = Executors.newFixedThreadPool(2);

  @BeforeAll
  static void start() {
    proxy = InProcessS3.start(store, BUCKET);
    s3 = proxy.client();
    presigner = proxy.presigner();
  }

  @AfterAll
  static void stop() {
    senders.shutdownNow();
    s3.close();
    presigner.close();
    proxy.close();
  }

  @Test
  void sdkPartsWithTwoInFlightMakeTheSameBytes() throws IOException {
    byte[] content = random(2 * PART + 12345);
    var stream =
        new MultipartOutputStream(
            new S3PartWriter(s3, BUCKET, "sdk/big", "application/zip", Map.of("a", "b")),
            PART,
            2,
            Long.MAX_VALUE,
            senders);
    writeInChunks(stream, content);
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("sdk/big")))
        .isInstanceOf(NoSuchKeyException.class);

    assertThat(stream.complete()).isEqualTo(content.length);

    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sdk/big")).asByteArray())
        .isEqualTo(content);
  }

  @Test
  void aSmallObjectIsOnePut() throws IOException {
    byte[] content = random(1000);
    var stream =
        MultipartOutputStream.sequential(
            new S3PartWriter(s3, BUCKET, "sdk/small", "application/zip", Map.of()),
            PART,
            Long.MAX_VALUE);
    stream.write(content);
    stream.complete();
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sdk/small")).asByteArray())
        .isEqualTo(content);
    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix("sdk/small")).uploads())
        .isEmpty();
  }

  @Test
  void presignedPartsStoreAnObjectJustBelowTheirMaximum() throws IOException {
    Presigned upload = presign("presigned/near-max", 3);
    var stream = MultipartOutputStream.sequential(upload.writer(), PART, Long.MAX_VALUE);
    assertThat(stream.maxBytes()).isEqualTo(3L * PART);
    byte[] content = random(3 * PART - 1);
    writeInChunks(stream, content);
    stream.complete();
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("presigned/near-max")).asByteArray())
        .isEqualTo(content);
  }

  @Test
  void presignedPartsRefuseMoreThanTheyCanHoldAndAbort() throws IOException {
    Presigned upload = presign("presigned/too-big", 2);
    var stream = MultipartOutputStream.sequential(upload.writer(), PART, Long.MAX_VALUE);
    stream.write(random(2 * PART));
    assertThatThrownBy(() -> stream.write(1))
        .isInstanceOf(ObjectTooLargeException.class)
        .hasMessage("larger than " + (2L * PART) + " bytes");
    stream.abort();
    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix("presigned/too-big")).uploads())
        .isEmpty();
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("presigned/too-big")))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void aSmallObjectThroughPresignedPartsIsOnePartCompleted() throws IOException {
    Presigned upload = presign("presigned/small", 4);
    var stream = MultipartOutputStream.sequential(upload.writer(), PART, Long.MAX_VALUE);
    byte[] content = random(10);
    stream.write(content);
    assertThat(stream.complete()).isEqualTo(10);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("presigned/small")).asByteArray())
        .isEqualTo(content);
  }

  @Test
  void aPartUrlSignedForOneKeyCannotWriteAnother() {
    Presigned upload = presign("presigned/mine", 1);
    URI forged = URI.create(upload.parts().get(0).toString().replace("/mine?", "/theirs?"));
    var writer =
        new PresignedPartWriter(HttpClient.newHttpClient(), List.of(forged), forged, forged);
    assertThatThrownBy(() -> writer.writePart(1, new byte[] {1}, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 403");
  }

  record Presigned(List<URI> parts, PresignedPartWriter writer) {}

  static Presigned presign(String key, int partCount) {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
    Duration valid = Duration.ofMinutes(5);
    List<URI> parts = new ArrayList<>();
    for (int n = 1; n <= partCount; n++) {
      int number = n;
      parts.add(
          uri(
              presigner
                  .presignUploadPart(
                      p ->
                          p.signatureDuration(valid)
                              .uploadPartRequest(
                                  u ->
                                      u.bucket(BUCKET)
                                          .key(key)
                                          .uploadId(uploadId)
                                          .partNumber(number)))
                  .url()
                  .toString()));
    }
    URI complete =
        uri(
            presigner
                .presignCompleteMultipartUpload(
                    p ->
                        p.signatureDuration(valid)
                            .completeMultipartUploadRequest(
                                c -> c.bucket(BUCKET).key(key).uploadId(uploadId)))
                .url()
                .toString());
    URI abort =
        uri(
            presigner
                .presignAbortMultipartUpload(
                    p ->
                        p.signatureDuration(valid)
                            .abortMultipartUploadRequest(
                                a -> a.bucket(BUCKET).key(key).uploadId(uploadId)))
                .url()
                .toString());
    return new Presigned(
        parts, new PresignedPartWriter(HttpClient.newHttpClient(), parts, complete, abort));
  }

  private static URI uri(String text) {
    return URI.create(text);
  }

  private static void writeInChunks(MultipartOutputStream stream, byte[] content)
      throws IOException {
    for (int offset = 0; offset < content.length; offset += 65536) {
      stream.write(content, offset, Math.min(65536, content.length - offset));
    }
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
