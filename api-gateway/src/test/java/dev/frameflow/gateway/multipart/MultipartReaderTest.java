package dev.frameflow.gateway.multipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

  private static final String BOUNDARY = "----frameflow-boundary-7MA4YWxkTrZu0gW";

  @Test
  void fieldsAndFilesComeOutInOrderWithTheirNamesAndExactBytes() throws IOException {
    Random random = new Random(7);
    byte[] first = new byte[200_000];
    random.nextBytes(first);
    // content that looks almost like a delimiter (one byte short) must pass through untouched
    String nearMiss = "\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1);
    byte[] tricky =
        (nearMiss + "Y" + "\r\n--" + BOUNDARY.substring(0, 20) + nearMiss + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] body =
        body(
            "preamble to ignore\r\n",
            part("form-data; name=\"fps\"", null, "2.5".getBytes()),
            part("form-data; name=\"file\"; filename=\"a \\\"b\\\".mp4\"", "video/mp4", first),
            part("form-data; name=\"file\"; filename=\"tricky.bin\"", null, tricky),
            part("form-data; name=\"file\"; filename=\"\"", null, new byte[0]));

    for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
      List<String> seen = new ArrayList<>();
      MultipartReader reader = new MultipartReader(new Chunked(body, chunk), BOUNDARY);
      for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
        byte[] content = part.body().readAllBytes();
        seen.add(part.fieldName() + "|" + part.fileName() + "|" + content.length);
        if ("a \"b\".mp4".equals(part.fileName())) {
          assertThat(content).isEqualTo(first);
          assertThat(part.contentType()).isEqualTo("video/mp4");
        }
        if ("tricky.bin".equals(part.fileName())) {
          assertThat(content).isEqualTo(tricky);
        }
      }
      assertThat(seen)
          .as("chunks of " + chunk)
          .containsExactly(
              "fps|null|3",
              "file|a \"b\".mp4|" + first.length,
              "file|tricky.bin|" + tricky.length,
              "file||0");
    }
  }

  @Test
  void anUnreadPartIsSkippedWhenTheNextIsAskedFor() throws IOException {
    byte[] body =
        body(
            "",
            part("form-data; name=\"file\"; filename=\"skipped.mp4\"", null, new byte[100_000]),
            part("form-data; name=\"file\"; filename=\"read.mp4\"", null, "yes".getBytes()));
    MultipartReader reader = new MultipartReader(new Chunked(body, 1000), BOUNDARY);
    assertThat(reader.next().fileName()).isEqualTo("skipped.mp4");
    MultipartReader.Part second = reader.next();
    assertThat(second.fileName()).isEqualTo("read.mp4");
    assertThat(new String(second.body().readAllBytes())).isEqualTo("yes");
    assertThat(reader.next()).isNull();
  }

  @Test
  void aBodyCutOffInsideAPartIsAnError() throws IOException {
    byte[] whole =
        body("", part("form-data; name=\"file\"; filename=\"cut.mp4\"", null, new byte[50_000]));
    byte[] cut = Arrays.copyOf(whole, 30_000);
    MultipartReader reader = new MultipartReader(new Chunked(cut, 4096), BOUNDARY);
    MultipartReader.Part part = reader.next();
    assertThatThrownBy(() -> part.body().readAllBytes())
        .isInstanceOf(MultipartReader.MalformedMultipartException.class);
  }

  @Test
  void theBoundaryIsTakenFromTheContentType() {
    assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=abc123"))
        .hasValue("abc123");
    assertThat(MultipartReader.boundaryOf("multipart/form-data; charset=utf-8; boundary=\"q r\""))
        .hasValue("q r");
    assertThat(MultipartReader.boundaryOf("multipart/form-data")).isEmpty();
    assertThat(MultipartReader.isMultipartFormData("Multipart/Form-Data; boundary=x")).isTrue();
    assertThat(MultipartReader.isMultipartFormData("application/json")).isFalse();
  }

  private static byte[] part(String disposition, String contentType, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String headers =
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: "
            + disposition
            + (contentType == null ? "" : "\r\nContent-Type: " + contentType)
            + "\r\n\r\n";
    out.writeBytes(headers.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes("\r\n".getBytes());
    return out.toByteArray();
  }

  private static byte[] body(String preamble, byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(preamble.getBytes(StandardCharsets.US_ASCII));
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Hands out at most {@code chunk} bytes per read, like a slow network. */
  private static final class Chunked extends FilterInputStream {
    private final int chunk;

    Chunked(byte[] bytes, int chunk) {
      super(new java.io.ByteArrayInputStream(bytes));
      this.chunk = chunk;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, chunk));
    }
  }

  @Test
  void bytesOutsideFilesAreCappedButFileContentIsNot() throws IOException {
    byte[] big = new byte[300_000];
    byte[] body =
        body(
            "",
            part("form-data; name=\"fps\"", null, "2".getBytes()),
            part("form-data; name=\"file\"; filename=\"big.mp4\"", "video/mp4", big));
    MultipartReader generous =
        new MultipartReader(new java.io.ByteArrayInputStream(body), BOUNDARY, 1024);
    long fileBytes = 0;
    for (MultipartReader.Part p = generous.next(); p != null; p = generous.next()) {
      fileBytes += p.body().readAllBytes().length;
    }
    assertThat(fileBytes).isEqualTo(1 + big.length);

    byte[] padded =
        body(
            "x".repeat(2000) + "\r\n",
            part("form-data; name=\"file\"; filename=\"a.mp4\"", null, big));
    MultipartReader strict =
        new MultipartReader(new java.io.ByteArrayInputStream(padded), BOUNDARY, 1024);
    assertThatThrownBy(strict::next)
        .isInstanceOf(MultipartReader.TooMuchOutsideFilesException.class);
  }
}
