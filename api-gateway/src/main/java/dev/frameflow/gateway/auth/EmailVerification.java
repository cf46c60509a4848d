package dev.frameflow.gateway.auth;

import dev.frameflow.gateway.links.PublicBaseUrl;
import dev.frameflow.gateway.notify.OutgoingMail;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Proves that whoever registered an address can read its mail, before the service sends it anything
 * carrying text a user chose (file names, in notifications) and before the account may upload or
 * create credentials. The verification mail itself holds only our own words and a link; it is sent
 * off the request thread, so registering a new address and an existing one take the same time.
 *
 * <p>An address held by an account that never confirmed it can be taken over: a new registration of
 * it is kept aside ({@code pending_registration}) and mailed a link; opening the link replaces the
 * unconfirmed account (deleted with all it owns) by the new one, confirmed. So a squatter who
 * registers someone else's address first holds nothing the owner cannot take back.
 */
@Component
public class EmailVerification {

  private static final Logger log = LoggerFactory.getLogger(EmailVerification.class);

  private final JdbcClient jdbc;
  private final MailInBackground mail;
  private final UserRepository users;
  private final AccountRemover remover;
  private final RegistrationProperties properties;
  private final Clock clock;
  private final PublicBaseUrl baseUrl;

  public EmailVerification(
      JdbcClient jdbc,
      MailInBackground mail,
      UserRepository users,
      @Lazy AccountRemover remover,
      RegistrationProperties properties,
      Clock clock,
      PublicBaseUrl baseUrl) {
    this.jdbc = jdbc;
    this.mail = mail;
    this.users = users;
    this.remover = remover;
    this.properties = properties;
    this.clock = clock;
    this.baseUrl = baseUrl;
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
        .params(SecretTokens.hash(token), userId, Timestamp.from(expiry(now)))
        .update();
    mail.send(
        confirmation(email, token, "created a Frameflow account with this address"),
        "verification mail for user " + userId);
  }

  /**
   * A registration of an address whose account never confirmed it: the registrant's name and
   * password hash wait for the link mailed to the address; the account in place is untouched until
   * then.
   */
  public void startTakeover(String email, String name, String passwordHash) {
    String token = SecretTokens.random();
    jdbc.sql(
            "insert into pending_registration (token_hash, email, name, password_hash, expires_at)"
                + " values (?, ?, ?, ?, ?)")
        .params(
            SecretTokens.hash(token),
            email,
            name,
            passwordHash,
            Timestamp.from(expiry(clock.instant())))
        .update();
    mail.send(
        confirmation(
            email,
            token,
            "registered a Frameflow account with this address. The account already registered"
                + " with it never confirmed it: confirming replaces that account by this one"),
        "takeover verification mail");
  }

  /**
   * Confirms the address the token was mailed to; 400 for an unknown, expired or used token. A
   * takeover token replaces the unconfirmed account of the address by the one it registered.
   */
  public void confirm(String token) {
    Instant now = clock.instant();
    String hash = SecretTokens.hash(token == null ? "" : token);
    Optional<UUID> userId =
        jdbc.sql(
                "delete from email_verification where token_hash = ? and expires_at > ?"
                    + " returning user_id")
            .params(hash, Timestamp.from(now))
            .query(UUID.class)
            .optional();
    if (userId.isPresent()) {
      markVerified(userId.get(), now);
      return;
    }
    Pending pending =
        jdbc.sql(
                "delete from pending_registration where token_hash = ? and expires_at > ?"
                    + " returning email, name, password_hash")
            .params(hash, Timestamp.from(now))
            .query(
                (rs, row) ->
                    new Pending(
                        rs.getString("email"), rs.getString("name"), rs.getString("password_hash")))
            .optional()
            .orElseThrow(EmailVerification::invalidToken);
    takeOver(pending, now);
  }

  private void takeOver(Pending pending, Instant now) {
    Optional<User> holder = users.findByEmail(pending.email());
    if (holder.isPresent()) {
      if (users.isVerified(holder.get().id())) {
        // the address was confirmed meanwhile by the account that holds it: it stays theirs
        throw invalidToken();
      }
      remover.delete(holder.get().id());
      log.info("unverified account {} replaced by a confirmed registration", holder.get().id());
    }
    User owner =
        new User(UUID.randomUUID(), pending.email(), pending.name(), pending.passwordHash(), now);
    if (!users.insert(owner)) {
      throw invalidToken(); // another registration of the address won the race
    }
    markVerified(owner.id(), now);
    // the other links of the address lead nowhere now
    jdbc.sql("delete from pending_registration where email = ?").param(pending.email()).update();
  }

  /** Deletes expired confirmation links, takeover registrations included; returns how many. */
  public int purgeExpired() {
    Timestamp now = Timestamp.from(clock.instant());
    return jdbc.sql("delete from email_verification where expires_at < ?").param(now).update()
        + jdbc.sql("delete from pending_registration where expires_at < ?").param(now).update();
  }

  private Instant expiry(Instant now) {
    return now.plus(properties.verificationTtl());
  }

  private OutgoingMail confirmation(String email, String token, String whatHappened) {
    String link = baseUrl.forMessages() + "/api/auth/verify?token=" + token;
    return new OutgoingMail(
        email,
        "Confirm your Frameflow address",
        "Hello,\n\nsomeone, probably you, "
            + whatHappened
            + ".\nConfirm it by opening this link (valid for "
            + properties.verificationTtl().toHours()
            + " hours):\n\n"
            + link
            + "\n\nIf it was not you, ignore this message.\n\nFrameflow\n",
        "<p>Hello,</p><p>someone, probably you, "
            + whatHappened
            + ".</p><p><a href=\""
            + link
            + "\">Confirm the address</a></p><p>If it was not you, ignore this message.</p>"
            + "<p>Frameflow</p>");
  }

  private static ApiProblem invalidToken() {
    return ApiProblem.of(
        ProblemType.INVALID_VERIFICATION_TOKEN, "the verification link is unknown or expired");
  }

  private void markVerified(UUID userId, Instant now) {
    jdbc.sql("update app_user set email_verified_at = ? where id = ? and email_verified_at is null")
        .params(Timestamp.from(now), userId)
        .update();
  }

  private record Pending(String email, String name, String passwordHash) {}
}
