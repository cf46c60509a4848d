package dev.frameflow.extractor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.extractor.BadInputException;
import dev.frameflow.testing.InProcessS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** The relay against s3proxy through a presigned GET, as a Job's sparse plan uses it. */
class SourceRelayIT {

  static final int SIZE = 3 * 1024 * 1024 + 123;
  static final byte[] CONTENT = new byte[SIZE];

  @TempDir static Path storeDir;
  @TempDir Path work;
  static InProcessS3 store;
  static URI presigned;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    new Random(7).nextBytes(CONTENT);
    store = InProcessS3.start(storeDir, "uploads");
    try (var s3 = store.client();
        var presigner = store.presigner()) {
      s3.putObject(b -> b.bucket("uploads").key("videos/v/source"), RequestBody.fromBytes(CONTENT));
      presigned =
          URI.create(
              presigner
                  .presignGetObject(
                      p ->
                          p.signatureDuration(Duration.ofMinutes(5))
                              .getObjectRequest(g -> g.bucket("uploads").key("videos/v/source")))
                  .url()
                  .toString());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
  }

  @Test
  void rangesComeOutExactAndEachBlockIsFetchedOnce() throws Exception {
    try (SourceRelay relay = SourceRelay.start(presigned, work)) {
      assertThat(relay.size()).isEqualTo(SIZE);
      assertThat(relay.localUri().getHost()).isEqualTo("127.0.0.1");

      assertThat(range(relay, 1000, 1999L)).isEqualTo(Arrays.copyOfRange(CONTENT, 1000, 2000));
      long afterHead = relay.fetchedBytes();
      // the first block was fetched when the relay started: nothing more for this range
      assertThat(afterHead).isEqualTo(SourceRelay.BLOCK);

      byte[] tail = range(relay, 2 * 1024 * 1024, null);
      assertThat(tail).isEqualTo(Arrays.copyOfRange(CONTENT, 2 * 1024 * 1024, SIZE));
      long afterTail = relay.fetchedBytes();
      assertThat(afterTail - afterHead).isEqualTo(SIZE - 2 * 1024 * 1024);

      // read again, as ffmpeg reads the index for every seek window: served from the cache
      assertThat(range(relay, 2 * 1024 * 1024 + 5, 2 * 1024 * 1024 + 70_000L))
          .isEqualTo(Arrays.copyOfRange(CONTENT, 2 * 1024 * 1024 + 5, 2 * 1024 * 1024 + 70_001));
      assertThat(relay.fetchedBytes()).isEqualTo(afterTail);
    }
  }

  @Test
  void aUrlSignedForAnotherObjectIsAMissingSource() {
    URI forged = URI.create(presigned.toString().replace("/videos/v/", "/videos/w/"));
    assertThatThrownBy(() -> SourceRelay.start(forged, work))
        .isInstanceOf(BadInputException.class)
        .satisfies(
            e ->
                assertThat(((BadInputException) e).userReason())
                    .isEqualTo("the uploaded video was not found"));
  }

  private byte[] range(SourceRelay relay, long from, Long to) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(relay.localUri())
                .header("Range", "bytes=" + from + "-" + (to == null ? "" : to))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(206);
    return response.body();
  }
}
