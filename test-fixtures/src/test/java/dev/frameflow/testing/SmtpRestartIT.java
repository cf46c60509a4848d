package dev.frameflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

class SmtpRestartIT {

  @org.junit.jupiter.api.Test
  void aRestartedServerListensOnTheSamePortAndReceives() throws Exception {
    GreenMail mail = TestSmtp.start();
    try {
      int port = mail.getSmtp().getPort();
      mail.stop();
      mail.start();

      assertThat(mail.getSmtp().getPort()).isEqualTo(port);
      GreenMailUtil.sendTextEmail(
          "to@example.org",
          "from@example.org",
          "subject",
          "body",
          new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
      assertThat(mail.getReceivedMessages()[0].getSubject()).isEqualTo("subject");
    } finally {
      mail.stop();
    }
  }
}
