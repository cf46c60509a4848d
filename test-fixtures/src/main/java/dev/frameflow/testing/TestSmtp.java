package dev.frameflow.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * GreenMail receiving real SMTP on 127.0.0.1. The port is chosen before the server starts (not left
 * to the socket), so that a test can stop and start it again to play a mail-server outage and the
 * application still finds it where its configuration says. Needs {@code
 * com.icegreen:greenmail-junit5} on the test classpath.
 */
public final class TestSmtp {

  private TestSmtp() {}

  /**
   * A started server on a free port ({@code greenMail.getSmtp().getPort()}); the caller stops it.
   */
  public static GreenMail start() {
    GreenMail mail =
        new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    return mail;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
