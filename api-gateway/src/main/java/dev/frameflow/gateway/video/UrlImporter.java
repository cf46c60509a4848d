package dev.frameflow.gateway.video;

import dev.frameflow.gateway.outbound.BlockedDestinationException;
import dev.frameflow.gateway.outbound.DestinationGuard;
import dev.frameflow.gateway.outbound.GuardedHttpClients;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Fetches a video from a URL a user gave and streams it into storage like an upload: the same
 * sniffing, size limit and object keys ({@link UploadReceiver}). Only public addresses are reached
 * (a {@link GuardedHttpClients guarded client}); each redirect is checked like the first URL; the
 * whole download has a deadline.
 */
@Component
public class UrlImporter implements DisposableBean {

  private final DestinationGuard guard;
  private final UploadReceiver receiver;
  private final UploadProperties uploads;
  private final ImportProperties properties;
  private final CloseableHttpClient http;

  public UrlImporter(
      DestinationGuard guard,
      UploadReceiver receiver,
      UploadProperties uploads,
      ImportProperties properties) {
    this.guard = guard;
    this.receiver = receiver;
    this.uploads = uploads;
    this.properties = properties;
    this.http =
        GuardedHttpClients.create(guard, properties.connectTimeout(), properties.responseTimeout());
  }

  public StoredUpload fetch(String url) {
    URI target = checked(parse(url));
    Instant deadline = Instant.now().plus(properties.maxDuration());
    for (int redirects = 0; ; redirects++) {
      try (ClassicHttpResponse response = http.executeOpen(null, new HttpGet(target), null)) {
        int code = response.getCode();
        Header location = response.getFirstHeader("Location");
        if (code >= 300 && code < 400 && location != null) {
          if (redirects >= properties.maxRedirects()) {
            throw ApiProblem.of(
                ProblemType.URL_FETCH_FAILED,
                "the URL redirects more than " + properties.maxRedirects() + " times");
          }
          target = checked(target.resolve(parse(location.getValue())));
          continue;
        }
        if (code != 200) {
          throw ApiProblem.of(ProblemType.URL_FETCH_FAILED, "the URL answered HTTP " + code);
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
          throw ApiProblem.badRequest("the URL answered with no content");
        }
        if (entity.getContentLength() > uploads.maxFileSize().toBytes()) {
          throw ApiProblem.tooLarge(
              "the video at the URL is larger than the limit of "
                  + UploadReceiver.readable(uploads.maxFileSize()));
        }
        try (InputStream body = new DeadlineStream(entity.getContent(), deadline)) {
          return receiver.receive(body, fileName(target), entity.getContentType());
        }
      } catch (GuardedHttpClients.BlockedHostException e) {
        throw ApiProblem.of(ProblemType.URL_REFUSED, "url is refused: " + e.getMessage());
      } catch (DeadlineStream.TooSlowException e) {
        throw ApiProblem.of(
            ProblemType.URL_FETCH_FAILED,
            "the download took longer than " + properties.maxDuration().toMinutes() + " minutes");
      } catch (IOException e) {
        throw ApiProblem.of(
            ProblemType.URL_FETCH_FAILED, "the URL could not be fetched: " + e.getMessage());
      }
    }
  }

  private URI checked(URI url) {
    try {
      guard.checkUrl(url);
      return url;
    } catch (BlockedDestinationException e) {
      throw ApiProblem.of(ProblemType.URL_REFUSED, "url is refused: " + e.getMessage());
    }
  }

  private static URI parse(String url) {
    if (url == null || url.isBlank() || url.length() > 2048) {
      throw ApiProblem.badRequest("url is required (at most 2048 characters)");
    }
    try {
      return new URI(url.strip());
    } catch (URISyntaxException e) {
      throw ApiProblem.badRequest("url is not a valid URL");
    }
  }

  /** The last segment of the path, as the video's original file name. */
  static String fileName(URI url) {
    String path = url.getPath() == null ? "" : url.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    return UploadReceiver.safe(last.isBlank() ? url.getHost() : last);
  }

  @Override
  public void destroy() throws IOException {
    http.close();
  }

  /**
   * Refuses to go on reading past the deadline: a trickling server cannot hold a thread for ever.
   */
  static final class DeadlineStream extends FilterInputStream {

    static final class TooSlowException extends IOException {
      TooSlowException() {
        super("deadline passed");
      }
    }

    private final Instant deadline;

    DeadlineStream(InputStream in, Instant deadline) {
      super(in);
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      check();
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      return super.read(b, off, len);
    }

    private void check() throws IOException {
      if (Instant.now().isAfter(deadline)) {
        throw new TooSlowException();
      }
    }
  }
}
