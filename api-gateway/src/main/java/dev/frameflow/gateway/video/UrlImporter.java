package dev.frameflow.gateway.video;

import dev.frameflow.gateway.outbound.DestinationGuard;
import dev.frameflow.gateway.outbound.ExchangeWatchdog;
import dev.frameflow.gateway.outbound.GuardedHttpClients;
import dev.frameflow.gateway.outbound.OutboundFailures;
import dev.frameflow.gateway.outbound.OutboundProperties;
import dev.frameflow.gateway.outbound.UserUrls;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Fetches a video from a URL a user gave and streams it into storage like an upload: the same
 * sniffing, size limit, minimum throughput and object keys ({@link UploadReceiver}, {@link
 * ThroughputGuard}). Only public addresses are reached (a {@link GuardedHttpClients guarded
 * client}, whose response heads are bounded); each redirect is checked like the first URL.
 *
 * <p>Time: each request's status and headers must be in within {@code headerDeadline}, and the
 * whole fetch, redirects included, ends by {@code maxDuration}; a {@link ExchangeWatchdog watchdog}
 * aborts the request when either passes, whatever it is blocked on. A response is never drained: a
 * redirect, an error or a refused video closes its connection, so an endless body holds nothing.
 */
@Component
public class UrlImporter implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(UrlImporter.class);

  private final DestinationGuard guard;
  private final UploadReceiver receiver;
  private final UploadProperties uploads;
  private final ImportProperties properties;
  private final CloseableHttpClient http;
  private final ExchangeWatchdog watchdog = new ExchangeWatchdog("import-deadlines");

  public UrlImporter(
      DestinationGuard guard,
      OutboundProperties outbound,
      UploadReceiver receiver,
      UploadProperties uploads,
      ImportProperties properties) {
    this.guard = guard;
    this.receiver = receiver;
    this.uploads = uploads;
    this.properties = properties;
    this.http =
        GuardedHttpClients.create(
            guard, outbound, properties.connectTimeout(), properties.responseTimeout());
  }

  public StoredUpload fetch(String url) {
    URI target = UserUrls.checked(guard, UserUrls.parse(url));
    Instant deadline = Instant.now().plus(properties.maxDuration());
    for (int redirects = 0; ; redirects++) {
      HttpGet get = new HttpGet(target);
      Instant headersBy = earlier(deadline, Instant.now().plus(properties.headerDeadline()));
      ClassicHttpResponse response = null;
      try (ExchangeWatchdog.Watch watch = watchdog.watch(get, headersBy)) {
        try {
          response = http.executeOpen(null, get, null);
          watch.moveTo(deadline);
          URI next = redirect(response, target, redirects);
          if (next != null) {
            target = next;
            continue;
          }
          return receive(response, target);
        } catch (GuardedHttpClients.BlockedHostException e) {
          throw UserUrls.refused(e);
        } catch (IOException e) {
          throw failed(e, watch, response != null);
        }
      } finally {
        GuardedHttpClients.closeWithoutDraining(get, response);
      }
    }
  }

  /** The checked target of a redirect, or null when the response is the answer. */
  private URI redirect(ClassicHttpResponse response, URI from, int redirects) {
    int code = response.getCode();
    Header location = response.getFirstHeader("Location");
    if (code < 300 || code >= 400 || location == null) {
      if (code != 200) {
        throw ApiProblem.of(ProblemType.URL_FETCH_FAILED, "the URL answered HTTP " + code);
      }
      return null;
    }
    if (redirects >= properties.maxRedirects()) {
      throw ApiProblem.of(
          ProblemType.URL_FETCH_FAILED,
          "the URL redirects more than " + properties.maxRedirects() + " times");
    }
    return UserUrls.checked(guard, from.resolve(UserUrls.parse(location.getValue())));
  }

  private StoredUpload receive(ClassicHttpResponse response, URI target) throws IOException {
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      throw ApiProblem.badRequest("the URL answered with no content");
    }
    if (entity.getContentLength() > uploads.maxFileSize().toBytes()) {
      throw ApiProblem.tooLarge(
          "the video at the URL is larger than the limit of "
              + UploadReceiver.readable(uploads.maxFileSize()));
    }
    // a server that trickles the body holds an upload slot: the same minimum rate as an upload.
    // The stream is not closed here: closing it would read the rest of the body first (the
    // exchange is ended without that, see fetch)
    InputStream body = ThroughputGuard.of(entity.getContent(), uploads);
    return receiver.receive(body, fileName(target), entity.getContentType());
  }

  private ApiProblem failed(IOException e, ExchangeWatchdog.Watch watch, boolean answered) {
    log.info("import failed: {}", e.toString());
    String detail;
    if (ThroughputGuard.causedBy(e)) {
      detail =
          "the server sent the video slower than the minimum of "
              + uploads.minThroughput().toBytes()
              + " bytes/s";
    } else if (watch.expired()) {
      detail =
          answered
              ? "the download took longer than " + readable(properties.maxDuration())
              : "the server did not answer within " + readable(properties.headerDeadline());
    } else {
      detail = "the URL could not be fetched: " + OutboundFailures.describe(e);
    }
    return ApiProblem.of(ProblemType.URL_FETCH_FAILED, detail);
  }

  static String readable(Duration duration) {
    return duration.toSeconds() % 60 == 0 && duration.toMinutes() > 0
        ? duration.toMinutes() + " minutes"
        : duration.toSeconds() + " s";
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** The last segment of the path, as the video's original file name. */
  static String fileName(URI url) {
    String path = url.getPath() == null ? "" : url.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    return UploadReceiver.safe(last.isBlank() ? url.getHost() : last);
  }

  @Override
  public void destroy() throws IOException {
    watchdog.close();
    http.close();
  }
}
