package dev.frameflow.gateway.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds multipart/form-data bodies by hand, so tests control every byte and the part order. */
public final class Multipart {

  private final String boundary = "----gateway-test-" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  public Multipart field(String name, String value) {
    write(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"\r\n\r\n"
            + value
            + "\r\n");
    return this;
  }

  public Multipart file(String fileName, byte[] content) {
    write(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    body.writeBytes(content);
    write("\r\n");
    return this;
  }

  /** A file part with the given part Content-Type header. */
  public Multipart file(String fileName, String partContentType, byte[] content) {
    write(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: "
            + partContentType
            + "\r\n\r\n");
    body.writeBytes(content);
    write("\r\n");
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public byte[] build() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(body.toByteArray());
    copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return copy.toByteArray();
  }

  private void write(String text) {
    body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
