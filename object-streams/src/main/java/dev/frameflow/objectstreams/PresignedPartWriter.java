package dev.frameflow.objectstreams;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Parts sent to presigned URLs of a multipart upload that someone else created (the operator): one
 * URL per part number, one to complete and one to abort the upload. The holder needs no credentials
 * and can touch nothing but this one upload. An object that fits in one part is sent as part 1 and
 * completed like any other.
 */
public final class PresignedPartWriter implements PartWriter {

  private static final int ATTEMPTS = 3;

  private final HttpClient http;
  private final List<URI> parts;
  private final URI complete;
  private final URI abort;

  public PresignedPartWriter(HttpClient http, List<URI> parts, URI complete, URI abort) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no part URLs");
    }
    this.http = http;
    this.parts = List.copyOf(parts);
    this.complete = complete;
    this.abort = abort;
  }

  @Override
  public String writePart(int partNumber, byte[] bytes, int length) throws IOException {
    if (partNumber > parts.size()) {
      throw new ObjectTooLargeException((long) parts.size() * length);
    }
    HttpRequest request =
        HttpRequest.newBuilder(parts.get(partNumber - 1))
            .timeout(Duration.ofMinutes(5))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes, 0, length))
            .build();
    HttpResponse<String> response = send(request, "part " + partNumber);
    return response
        .headers()
        .firstValue("ETag")
        .orElseThrow(() -> new IOException("part " + partNumber + ": no ETag in the answer"));
  }

  @Override
  public void writeWhole(byte[] bytes, int length) throws IOException {
    complete(List.of(new CompletedPart(1, writePart(1, bytes, length))));
  }

  @Override
  public void complete(List<CompletedPart> written) throws IOException {
    StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
    for (CompletedPart part : written) {
      xml.append("<Part><PartNumber>")
          .append(part.partNumber())
          .append("</PartNumber><ETag>")
          .append(part.eTag().replace("&", "&amp;").replace("<", "&lt;"))
          .append("</ETag></Part>");
    }
    xml.append("</CompleteMultipartUpload>");
    HttpRequest request =
        HttpRequest.newBuilder(complete)
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofString(xml.toString()))
            .build();
    HttpResponse<String> response = send(request, "completing the upload");
    // S3 may answer 200 and still fail the completion: the error is then in the body
    if (response.body() != null && response.body().contains("<Error>")) {
      throw new IOException("completing the upload failed: " + firstLine(response.body()));
    }
  }

  @Override
  public void abort() {
    try {
      send(HttpRequest.newBuilder(abort).timeout(Duration.ofSeconds(30)).DELETE().build(), "abort");
    } catch (IOException | RuntimeException e) {
      // the bucket's lifecycle rule removes incomplete uploads
    }
  }

  @Override
  public int maxParts() {
    return parts.size();
  }

  /** Sends, retrying network faults and 5xx answers; a 4xx (expired, forbidden) is final. */
  private HttpResponse<String> send(HttpRequest request, String what) throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return response;
        }
        last = new IOException(what + ": HTTP " + status + " " + firstLine(response.body()));
        if (status < 500) {
          throw last;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(what + ": interrupted", e);
      } catch (IOException e) {
        if (e == last) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private static String firstLine(String body) {
    if (body == null) {
      return "";
    }
    String line = body.strip().replace('\n', ' ');
    return line.length() > 300 ? line.substring(0, 300) : line;
  }
}
