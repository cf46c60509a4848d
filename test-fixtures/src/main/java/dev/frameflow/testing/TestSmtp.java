package dev.frameflow.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail receiving real SMTP on 127.0.0.1 at a free port ({@code greenMail.getSmtp().getPort()}
 * once started). Needs {@code com.icegreen:greenmail-junit5} on the test classpath.
 */
public final class TestSmtp {

  private TestSmtp() {}

  /** A started server; the caller stops it. */
  public static GreenMail start() {
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    return mail;
  }
}
