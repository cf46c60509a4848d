package dev.frameflow.gateway.links;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
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
 * its sender; links mailed to someone else never use it.
 */
@Component
public class PublicBaseUrl {

  private final String configured;

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
}
