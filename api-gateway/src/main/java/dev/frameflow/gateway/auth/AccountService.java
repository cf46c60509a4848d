package dev.frameflow.gateway.auth;

import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Registration, login and refresh. Neither registration nor login tells whether an email has an
 * account.
 */
@Service
public class AccountService {

  private static final String INVALID_CREDENTIALS = "the email or the password is wrong";

  private final UserRepository users;
  private final PasswordEncoder passwords;
  private final TokenService tokens;
  private final LoginThrottle throttle;
  private final RefreshTokens refreshTokens;
  private final EmailVerification verification;
  private final Clock clock;
  // every bcrypt computation on the request path: what throttling must bound
  private final Counter passwordHashes;
  // compared against when the email is unknown, so both paths cost one hash
  private final String decoyHash;

  public AccountService(
      UserRepository users,
      PasswordEncoder passwords,
      TokenService tokens,
      LoginThrottle throttle,
      RefreshTokens refreshTokens,
      EmailVerification verification,
      Clock clock,
      MeterRegistry meters) {
    this.users = users;
    this.passwords = passwords;
    this.tokens = tokens;
    this.throttle = throttle;
    this.refreshTokens = refreshTokens;
    this.verification = verification;
    this.clock = clock;
    this.passwordHashes =
        Counter.builder("frameflow.auth.password.hashes")
            .description("bcrypt computations for registration and login")
            .register(meters);
    this.decoyHash = passwords.encode(UUID.randomUUID().toString());
  }

  /**
   * Registers a new account, or does nothing when the address already has one: the caller cannot
   * tell which (same answer, and the password is hashed on both paths so the time is the same). The
   * address must then be verified before it receives notifications.
   */
  public void register(String rawEmail, String password, String name, String clientAddress) {
    throttle
        .registrationAttempt(clientAddress)
        .ifPresent(
            wait -> {
              throw ApiProblem.of(
                  ProblemType.REGISTRATION_THROTTLED,
                  "too many registrations from this address; try again later",
                  wait);
            });
    EmailAddress email = parseEmail(rawEmail);
    PasswordPolicy.problemWith(password, email.value())
        .ifPresent(
            reason -> {
              throw ApiProblem.of(ProblemType.WEAK_PASSWORD, reason);
            });
    User user =
        new User(UUID.randomUUID(), email.value(), name.strip(), hash(password), clock.instant());
    if (users.insert(user)) {
      verification.start(user.id(), user.email());
    }
  }

  /** A successful sign-in: a short-lived access token and the first refresh token of a family. */
  public record SignIn(TokenService.AccessToken access, RefreshTokens.Issued refresh) {}

  public SignIn login(String rawEmail, String password, String clientAddress) {
    UUID userId = authenticate(rawEmail, password, clientAddress);
    return new SignIn(tokens.issue(userId), refreshTokens.issue(userId));
  }

  /**
   * Checks the credentials behind the throttle and returns the user's id; issues nothing, so a
   * caller with tokens of its own (the page's browser session) starts no API refresh family.
   */
  public UUID authenticate(String rawEmail, String password, String clientAddress) {
    String account = normaliseForThrottle(rawEmail);
    // counted before bcrypt: parallel guesses beyond the allowance never reach the hash
    Optional<Duration> wait = throttle.loginAttempt(account, clientAddress);
    if (wait.isPresent()) {
      throw ApiProblem.of(
          ProblemType.LOGIN_THROTTLED, "too many login attempts; try again later", wait.get());
    }
    Optional<User> user = account.isEmpty() ? Optional.empty() : users.findByEmail(account);
    String hash = user.map(User::passwordHash).orElse(decoyHash);
    boolean matches = password != null && check(password, hash);
    if (user.isEmpty() || !matches) {
      throw ApiProblem.of(ProblemType.INVALID_CREDENTIALS, INVALID_CREDENTIALS);
    }
    throttle.loginSucceeded(account, clientAddress);
    return user.get().id();
  }

  /** Exchanges a refresh token for a new access token and the refresh token's successor. */
  public SignIn refresh(String refreshToken) {
    RefreshTokens.Issued next = refreshTokens.rotate(refreshToken);
    return new SignIn(tokens.issue(next.userId()), next);
  }

  private String hash(String password) {
    passwordHashes.increment();
    return passwords.encode(password);
  }

  private boolean check(String password, String hash) {
    passwordHashes.increment();
    return passwords.matches(password, hash);
  }

  private static EmailAddress parseEmail(String raw) {
    try {
      return EmailAddress.normalise(raw);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("the email is not a valid address");
    }
  }

  private static String normaliseForThrottle(String raw) {
    try {
      return EmailAddress.normalise(raw).value();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
