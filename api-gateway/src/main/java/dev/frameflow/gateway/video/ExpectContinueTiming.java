package dev.frameflow.gateway.video;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;

/**
 * Answers {@code Expect: 100-continue} only when the application starts reading the body (Tomcat's
 * default answers at once). An upload that admission or a quota refuses then gets its 503/429
 * before the client sends a byte of the file: curl and most HTTP clients send this header for large
 * bodies, so a refused 2 GB upload costs a round trip instead of a reset connection.
 */
@Component
class ExpectContinueTiming implements TomcatConnectorCustomizer {

  @Override
  public void customize(org.apache.catalina.connector.Connector connector) {
    connector.setProperty("continueResponseTiming", "onRead");
  }
}
