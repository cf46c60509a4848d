package dev.frameflow.gateway.links;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The scheme, host and port that links handed back to a caller start with: {@code
 * frameflow.public-base-url} when it is set (production sets it: the Ingress's address), otherwise
 * the address the caller reached this server at. The standalone mode leaves it unset, so a link
 * made on {@code --port 9090} points at 9090, and one asked through a proxy points at the proxy.
 *
 * <p>The request's address is what Tomcat made of it: {@code server.forward-headers-strategy:
 * native} lets its {@code RemoteIpValve} take {@code X-Forwarded-Proto}, {@code -Host} and {@code
 * -Port} from internal proxy addresses only; nothing here reads those headers itself. A link built
 * this way goes back only to whoever sent the request, so a forged {@code Host} misleads no one but
 * its sender; links mailed to someone else never use it: without a configured address they point at
 * this server on {@code localhost}, at the port it listens on ({@link #forMessages}).
 */
@Component
public class PublicBaseUrl {

  /** The port before the server has started (and in contexts without one): the default. */
  private static final int DEFAULT_PORT = 8080;

  private final String configured;
  private volatile int serverPort = DEFAULT_PORT;

  public PublicBaseUrl(@Value("${frameflow.public-base-url:}") String configured) {
    this.configured = configured.strip().replaceAll("/+$", "");
  }

  /** The base (no trailing slash) of a link answered to {@code request}. */
  public String forAnswerTo(HttpServletRequest request) {
    if (!configured.isEmpty()) {
      return configured;
    }
    return ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
  }

  /**
   * The base of a link sent to someone else (an email), who may open it anywhere: the configured
   * address, else this server on {@code localhost} at its actual port (the standalone mode on
   * {@code SERVER_PORT=9090} mails {@code :9090} links). Never the address of a request: whoever
   * asks for a password reset must not choose where the link in the owner's mailbox points.
   */
  public String forMessages() {
    return configured.isEmpty() ? "http://localhost:" + serverPort : configured;
  }

  /** The application's own server (not a separate management port) has started on its port. */
  @EventListener
  void serverStarted(WebServerInitializedEvent event) {
    if (event.getApplicationContext().getServerNamespace() == null) {
      serverPort = event.getWebServer().getPort();
    }
  }
}
