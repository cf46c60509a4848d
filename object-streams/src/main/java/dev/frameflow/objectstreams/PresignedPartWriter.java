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

  /**
   * The upload's URLs as they are when a request is made: a holder whose URLs are renewed before
   * they expire (the extractor's grant) hands out the newest each time. Renewed URLs name the same
   * upload; only their signatures and expiry differ.
   */
  public interface Urls {
    /** How many parts there are URLs for (the same for every renewal). */
    int parts();

    /** The PUT of part {@code partNumber} (1-based). */
    URI part(int partNumber);

    URI complete();

    URI abort();

    /** URLs that never change. */
    static Urls fixed(List<URI> parts, URI complete, URI abort) {
      List<URI> copy = List.copyOf(parts);
      return new Urls() {
        @Override
        public int parts() {
          return copy.size();
        }

        @Override
        public URI part(int partNumber) {
          return copy.get(partNumber - 1);
        }

        @Override
        public URI complete() {
          return complete;
        }

        @Override
        public URI abort() {
          return abort;
        }
      };
    }
  }

  private final HttpClient http;
  private final Urls urls;

  public PresignedPartWriter(HttpClient http, List<URI> parts, URI complete, URI abort) {
    this(http, Urls.fixed(parts, complete, abort));
  }

  /** Each request asks {@code urls} for its URL when it is made. */
  public PresignedPartWriter(HttpClient http, Urls urls) {
    if (urls.parts() < 1) {
      throw new IllegalArgumentException("no part URLs");
    }
    this.http = http;
    this.urls = urls;
  }

  @Override
  public String writePart(int partNumber, byte[] bytes, int length) throws IOException {
    if (partNumber > urls.parts()) {
      throw new ObjectTooLargeException((long) urls.parts() * length);
    }
    HttpRequest request =
        HttpRequest.newBuilder(urls.part(partNumber))
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
        HttpRequest.newBuilder(urls.complete())
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
      send(
          HttpRequest.newBuilder(urls.abort()).timeout(Duration.ofSeconds(30)).DELETE().build(),
          "abort");
    } catch (IOException | RuntimeException e) {
      // the bucket's lifecycle rule removes incomplete uploads
    }
  }

  @Override
  public int maxParts() {
    return urls.parts();
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
