package dev.frameflow.gateway.auth;

import dev.frameflow.gateway.notify.MailDelivery;
import dev.frameflow.gateway.notify.OutgoingMail;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Proves that whoever registered an address can read its mail, before the service sends it anything
 * carrying text a user chose (file names, in notifications). The verification mail itself holds
 * only our own words and a link; it is sent off the request thread, so registering a new address
 * and an existing one take the same time.
 */
@Component
public class EmailVerification implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(EmailVerification.class);

  private final JdbcClient jdbc;
  private final MailDelivery mail;
  private final RegistrationProperties properties;
  private final Clock clock;
  private final String publicBaseUrl;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "verification-mail");
            thread.setDaemon(true);
            return thread;
          });

  public EmailVerification(
      JdbcClient jdbc,
      MailDelivery mail,
      RegistrationProperties properties,
      Clock clock,
      @Value("${frameflow.public-base-url:http://localhost:8080}") String publicBaseUrl) {
    this.jdbc = jdbc;
    this.mail = mail;
    this.properties = properties;
    this.clock = clock;
    this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
  }

  /** Called for a new account: verifies it at once (auto-verify) or mails a link. */
  public void start(UUID userId, String email) {
    Instant now = clock.instant();
    if (properties.autoVerify()) {
      markVerified(userId, now);
      return;
    }
    String token = SecretTokens.random();
    jdbc.sql("insert into email_verification (token_hash, user_id, expires_at) values (?, ?, ?)")
        .params(
            SecretTokens.hash(token),
            userId,
            Timestamp.from(now.plus(properties.verificationTtl())))
        .update();
    String link = publicBaseUrl + "/api/auth/verify?token=" + token;
    OutgoingMail message =
        new OutgoingMail(
            email,
            "Confirm your Frameflow address",
            "Hello,\n\nsomeone, probably you, created a Frameflow account with this address.\n"
                + "Confirm it by opening this link (valid for "
                + properties.verificationTtl().toHours()
                + " hours):\n\n"
                + link
                + "\n\nIf it was not you, ignore this message.\n\nFrameflow\n",
            "<p>Hello,</p><p>someone, probably you, created a Frameflow account with this"
                + " address.</p><p><a href=\""
                + link
                + "\">Confirm the address</a></p><p>If it was not you, ignore this message.</p>"
                + "<p>Frameflow</p>");
    sender.execute(
        () -> {
          try {
            mail.deliver(message);
          } catch (Exception e) {
            log.warn("verification mail for user {} not sent: {}", userId, e.toString());
          }
        });
  }

  /** Confirms the address the token was mailed to; 400 for an unknown or expired token. */
  public void confirm(String token) {
    Instant now = clock.instant();
    UUID userId =
        jdbc.sql(
                "delete from email_verification where token_hash = ? and expires_at > ?"
                    + " returning user_id")
            .params(SecretTokens.hash(token == null ? "" : token), Timestamp.from(now))
            .query(UUID.class)
            .optional()
            .orElseThrow(
                () ->
                    ApiProblem.of(
                        ProblemType.INVALID_VERIFICATION_TOKEN,
                        "the verification link is unknown or expired"));
    markVerified(userId, now);
  }

  public int purgeExpired() {
    return jdbc.sql("delete from email_verification where expires_at < ?")
        .param(Timestamp.from(clock.instant()))
        .update();
  }

  private void markVerified(UUID userId, Instant now) {
    jdbc.sql("update app_user set email_verified_at = ? where id = ? and email_verified_at is null")
        .params(Timestamp.from(now), userId)
        .update();
  }

  @Override
  public void destroy() {
    sender.shutdown();
  }
}
