package dev.frameflow.gateway.account;

import dev.frameflow.gateway.auth.AccountService;
import dev.frameflow.gateway.auth.EmailAddress;
import dev.frameflow.gateway.auth.MailInBackground;
import dev.frameflow.gateway.auth.RateLimiter;
import dev.frameflow.gateway.auth.SecretTokens;
import dev.frameflow.gateway.auth.User;
import dev.frameflow.gateway.auth.UserRepository;
import dev.frameflow.gateway.links.PublicBaseUrl;
import dev.frameflow.gateway.notify.OutgoingMail;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reset of a forgotten password by a link mailed to the account's address. The request is answered
 * the same whether or not the address has an account (the mail goes off the request thread); the
 * link's token is 256 random bits, stored as its SHA-256, valid for {@code password-reset-ttl} and
 * used once. Setting the new password also confirms the address (the link proves its mailbox is
 * read) and revokes every credential of the account.
 */
@Service
@EnableConfigurationProperties(AccountProperties.class)
public class PasswordResets {

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final UserRepository users;
  private final AccountService accounts;
  private final CredentialRevocation revocation;
  private final RateLimiter limiter;
  private final MailInBackground mail;
  private final AccountProperties properties;
  private final Clock clock;
  private final PublicBaseUrl baseUrl;

  public PasswordResets(
      JdbcClient jdbc,
      TransactionTemplate transaction,
      UserRepository users,
      AccountService accounts,
      CredentialRevocation revocation,
      RateLimiter limiter,
      MailInBackground mail,
      AccountProperties properties,
      Clock clock,
      PublicBaseUrl baseUrl) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.users = users;
    this.accounts = accounts;
    this.revocation = revocation;
    this.limiter = limiter;
    this.mail = mail;
    this.properties = properties;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  /** Mails a reset link when the address has an account; nothing tells whether it has. */
  public void request(String rawEmail, String clientAddress) {
    limiter
        .tryAcquire(
            "password-reset-address:" + clientAddress,
            properties.maxResetRequestsPerAddress(),
            properties.resetWindow())
        .ifPresent(
            wait -> {
              throw ApiProblem.of(
                  ProblemType.PASSWORD_RESET_THROTTLED,
                  "too many password reset requests from this address; try again later",
                  wait);
            });
    Optional<User> user = parse(rawEmail).flatMap(users::findByEmail);
    if (user.isEmpty()
        || limiter
            .tryAcquire(
                "password-reset-account:" + user.get().id(),
                properties.maxResetMailsPerAccount(),
                properties.resetWindow())
            .isPresent()) {
      return;
    }
    String token = SecretTokens.random();
    jdbc.sql("insert into password_reset (token_hash, user_id, expires_at) values (?, ?, ?)")
        .params(
            SecretTokens.hash(token),
            user.get().id(),
            Timestamp.from(clock.instant().plus(properties.passwordResetTtl())))
        .update();
    mail.send(resetMail(user.get().email(), token), "password reset mail");
  }

  /**
   * Sets a new password with a mailed token: 400 {@code invalid-reset-token} for an unknown, used
   * or expired one, 400 {@code weak-password} for a weak password (the token stays usable then).
   */
  public void reset(String token, String newPassword) {
    String hash = SecretTokens.hash(token == null ? "" : token);
    Instant now = clock.instant();
    User user =
        jdbc.sql("select user_id from password_reset where token_hash = ? and expires_at > ?")
            .params(hash, Timestamp.from(now))
            .query(UUID.class)
            .optional()
            .flatMap(users::findById)
            .orElseThrow(PasswordResets::invalidToken);
    String passwordHash = accounts.hashNewPassword(user.email(), newPassword);
    transaction.executeWithoutResult(
        status -> {
          // consumed here: of two requests with one token, exactly one deletes the row
          if (jdbc.sql("delete from password_reset where token_hash = ?").param(hash).update()
              != 1) {
            throw invalidToken();
          }
          users.updatePasswordHash(user.id(), passwordHash);
          jdbc.sql(
                  "update app_user set email_verified_at = coalesce(email_verified_at, ?)"
                      + " where id = ?")
              .params(Timestamp.from(now), user.id())
              .update();
          revocation.revokeAll(user.id());
        });
  }

  /** Deletes expired links; returns how many. */
  public int purgeExpired() {
    return jdbc.sql("delete from password_reset where expires_at < ?")
        .param(Timestamp.from(clock.instant()))
        .update();
  }

  private OutgoingMail resetMail(String email, String token) {
    // the token travels in the fragment: a browser never sends it to a server or a log
    String link = baseUrl.forMessages() + "/#password-reset=" + token;
    long minutes = properties.passwordResetTtl().toMinutes();
    return new OutgoingMail(
        email,
        "Choose a new Frameflow password",
        "Hello,\n\nsomeone, probably you, asked to choose a new password for the Frameflow"
            + " account of this address.\nOpen this link within "
            + minutes
            + " minutes to choose it (it works once):\n\n"
            + link
            + "\n\nor send the code below with the new password to POST /api/auth/password-reset"
            + "/confirm:\n\n"
            + token
            + "\n\nIf it was not you, ignore this message: the password stays as it is.\n\n"
            + "Frameflow\n",
        "<p>Hello,</p><p>someone, probably you, asked to choose a new password for the Frameflow"
            + " account of this address.</p><p><a href=\""
            + link
            + "\">Choose a new password</a> (within "
            + minutes
            + " minutes; the link works once)</p><p>If it was not you, ignore this message: the"
            + " password stays as it is.</p><p>Frameflow</p>");
  }

  private static Optional<String> parse(String raw) {
    try {
      return Optional.of(EmailAddress.normalise(raw).value());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ApiProblem invalidToken() {
    return ApiProblem.of(
        ProblemType.INVALID_RESET_TOKEN, "the password reset link is unknown, used or expired");
  }
}
