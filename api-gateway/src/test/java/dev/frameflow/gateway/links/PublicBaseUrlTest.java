package dev.frameflow.gateway.links;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * A configured public base URL is every link's base; without one, a link answered to a request
 * starts with the address that request reached (as Tomcat saw it, forwarded headers included).
 */
class PublicBaseUrlTest {

  @Test
  void theConfiguredAddressWinsOverTheRequests() {
    PublicBaseUrl base = new PublicBaseUrl("https://frameflow.example.org/");

    assertThat(base.forAnswerTo(request("http", "10.0.0.7", 8080)))
        .isEqualTo("https://frameflow.example.org");
  }

  @Test
  void withoutOneTheRequestsSchemeHostAndPortAreTheBase() {
    PublicBaseUrl base = new PublicBaseUrl("");

    assertThat(base.forAnswerTo(request("http", "127.0.0.1", 9090)))
        .isEqualTo("http://127.0.0.1:9090");
    assertThat(base.forAnswerTo(request("https", "frames.example.org", 443)))
        .as("a default port is left out")
        .isEqualTo("https://frames.example.org");
  }

  @Test
  void aBlankSettingCountsAsUnset() {
    assertThat(new PublicBaseUrl("  ").forAnswerTo(request("http", "localhost", 8081)))
        .isEqualTo("http://localhost:8081");
  }

  private static MockHttpServletRequest request(String scheme, String host, int port) {
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", "/api/videos/x/frame-links");
    request.setScheme(scheme);
    request.setServerName(host);
    request.setServerPort(port);
    return request;
  }

  @Test
  void messagesUseTheConfiguredAddressElseThisServerOnLocalhostNeverARequest() {
    assertThat(new PublicBaseUrl("https://frameflow.example.org").forMessages())
        .isEqualTo("https://frameflow.example.org");
    assertThat(new PublicBaseUrl("").forMessages())
        .as("before the server has started")
        .isEqualTo("http://localhost:8080");
  }
}
