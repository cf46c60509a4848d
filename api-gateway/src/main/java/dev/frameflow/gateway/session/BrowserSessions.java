package dev.frameflow.gateway.session;

import dev.frameflow.gateway.auth.AccountService;
import dev.frameflow.gateway.auth.KnownClients;
import dev.frameflow.gateway.auth.TokenService;
import dev.frameflow.gateway.auth.User;
import dev.frameflow.gateway.auth.UserRepository;
import dev.frameflow.gateway.problem.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in, refresh and sign-out of the web page. A session is a family of single-use refresh
 * tokens: each refresh spends one and hands out the next (with a fresh short-lived access token); a
 * spent token shown again revokes the whole family, so a stolen cookie is useful at most until its
 * owner's next refresh. Sign-out revokes the family.
 */
@Service
@EnableConfigurationProperties(SessionProperties.class)
public class BrowserSessions {

  private static final Logger log = LoggerFactory.getLogger(BrowserSessions.class);

  private final AccountService accounts;
  private final UserRepository users;
  private final BrowserSessionRepository sessions;
  private final SessionProperties properties;
  private final TransactionTemplate transaction;
  private final Clock clock;

  public BrowserSessions(
      AccountService accounts,
      UserRepository users,
      BrowserSessionRepository sessions,
      SessionProperties properties,
      TransactionTemplate transaction,
      Clock clock) {
    this.accounts = accounts;
    this.users = users;
    this.sessions = sessions;
    this.properties = properties;
    this.transaction = transaction;
    this.clock = clock;
  }

  /**
   * What a sign-in or refresh hands out: the access token for the page, the cookie's token and, at
   * a sign-in, a new known-client proof for the page's other cookie.
   */
  public record Granted(
      TokenService.AccessToken accessToken,
      String refreshToken,
      Duration refreshTtl,
      User user,
      Optional<KnownClients.Proof> knownClient) {}

  /**
   * Checks the credentials like {@code POST /api/auth/login} (same throttle) and starts a family.
   */
  public Granted signIn(String email, String password, String clientAddress, String knownClient) {
    UUID userId = accounts.authenticate(email, password, clientAddress, knownClient);
    TokenService.AccessToken access = accounts.issueAccessToken(userId);
    User user = users.findById(userId).orElseThrow();
    String refresh = SessionTokens.generate();
    Instant now = clock.instant();
    sessions.insert(
        UUID.randomUUID(),
        userId,
        SessionTokens.hash(refresh),
        now,
        now.plus(properties.refreshTtl()));
    return new Granted(
        access,
        refresh,
        properties.refreshTtl(),
        user,
        Optional.of(accounts.knownClientProof(userId)));
  }

  /** Spends the refresh token and hands out the next one; 401 for anything not current. */
  public Granted refresh(String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      throw unauthorized();
    }
    byte[] hash = SessionTokens.hash(refreshToken);
    Instant now = clock.instant();
    Optional<Granted> granted =
        transaction.execute(
            status -> {
              Optional<BrowserSessionRepository.Row> row = sessions.lockByHash(hash);
              if (row.isEmpty()) {
                return Optional.empty();
              }
              BrowserSessionRepository.Row current = row.get();
              if (current.revokedAt() != null || !current.expiresAt().isAfter(now)) {
                return Optional.empty();
              }
              if (current.usedAt() != null) {
                log.warn(
                    "a spent refresh token was presented again: revoking session family {}",
                    current.familyId());
                sessions.revokeFamily(current.familyId(), now);
                return Optional.empty();
              }
              Optional<User> user = users.findById(current.userId());
              if (user.isEmpty()) {
                return Optional.empty();
              }
              sessions.markUsed(current.id(), now);
              String next = SessionTokens.generate();
              sessions.insert(
                  current.familyId(),
                  current.userId(),
                  SessionTokens.hash(next),
                  now,
                  now.plus(properties.refreshTtl()));
              return Optional.of(
                  new Granted(
                      accounts.issueAccessToken(current.userId()),
                      next,
                      properties.refreshTtl(),
                      user.get(),
                      Optional.empty()));
            });
    return granted.orElseThrow(BrowserSessions::unauthorized);
  }

  /** Revokes the session the token belongs to; an unknown token is fine (already signed out). */
  public void signOut(String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      return;
    }
    byte[] hash = SessionTokens.hash(refreshToken);
    transaction.executeWithoutResult(
        status ->
            sessions
                .lockByHash(hash)
                .ifPresent(row -> sessions.revokeFamily(row.familyId(), clock.instant())));
  }

  /** Ends every browser session of the user (signed out everywhere, a new password). */
  public void signOutEverywhere(UUID userId) {
    sessions.revokeAllOf(userId, clock.instant());
  }

  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
  void deleteExpired() {
    int deleted = sessions.deleteExpired(clock.instant().minus(Duration.ofDays(1)));
    if (deleted > 0) {
      log.info("deleted {} expired browser session tokens", deleted);
    }
  }

  private static ApiProblem unauthorized() {
    return new ApiProblem(
        HttpStatus.UNAUTHORIZED, "Unauthorized", "no valid session: sign in again");
  }
}
