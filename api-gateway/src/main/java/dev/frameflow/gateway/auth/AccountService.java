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
  private final KnownClients knownClients;
  private final RefreshTokens refreshTokens;
  private final EmailVerification verification;
  private final AccountStanding standing;
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
      KnownClients knownClients,
      RefreshTokens refreshTokens,
      EmailVerification verification,
      AccountStanding standing,
      Clock clock,
      MeterRegistry meters) {
    this.users = users;
    this.passwords = passwords;
    this.tokens = tokens;
    this.throttle = throttle;
    this.knownClients = knownClients;
    this.refreshTokens = refreshTokens;
    this.verification = verification;
    this.standing = standing;
    this.clock = clock;
    this.passwordHashes =
        Counter.builder("frameflow.auth.password.hashes")
            .description("bcrypt computations for registration and login")
            .register(meters);
    this.decoyHash = passwords.encode(UUID.randomUUID().toString());
  }

  /**
   * Registers a new account. When the address already has an account that never confirmed it, the
   * registration waits for its own confirmation link, which then replaces that account (a squatter
   * cannot keep an address from its owner); when the address has a confirmed account, nothing
   * happens. The caller cannot tell which (same answer, the password is hashed on every path and
   * mail is sent off the request thread). The address must be confirmed before the account uploads,
   * creates credentials or receives notifications.
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
      return;
    }
    users
        .findByEmail(user.email())
        .filter(holder -> !users.isVerified(holder.id()))
        .filter(unconfirmed -> throttle.takeoverMailAllowed(user.email()))
        .ifPresent(
            unconfirmed ->
                verification.startTakeover(user.email(), user.name(), user.passwordHash()));
  }

  /**
   * A successful sign-in: a short-lived access token, the first refresh token of a family and, for
   * a login with the password, a new known-client proof (none on a refresh).
   */
  public record SignIn(
      TokenService.AccessToken access,
      RefreshTokens.Issued refresh,
      Optional<KnownClients.Proof> knownClient) {}

  /**
   * Signs in with the password; {@code knownClient} is the proof of an earlier login the client
   * presents, if any ({@link KnownClients}).
   */
  public SignIn login(String rawEmail, String password, String clientAddress, String knownClient) {
    UUID userId = authenticate(rawEmail, password, clientAddress, knownClient);
    AccountStanding.Standing current = currentStanding(userId);
    return new SignIn(
        tokens.issue(userId, current.tokenGeneration()),
        refreshTokens.issue(userId),
        Optional.of(knownClients.issue(userId, current.tokenGeneration())));
  }

  /** A known-client proof of the account's current generation, for a client that just signed in. */
  public KnownClients.Proof knownClientProof(UUID userId) {
    return knownClients.issue(userId, currentStanding(userId).tokenGeneration());
  }

  /**
   * An access token of the account's current generation of credentials; 401 when the account no
   * longer exists.
   */
  public TokenService.AccessToken issueAccessToken(UUID userId) {
    return tokens.issue(userId, currentStanding(userId).tokenGeneration());
  }

  private AccountStanding.Standing currentStanding(UUID userId) {
    return standing
        .of(userId)
        .orElseThrow(() -> ApiProblem.of(ProblemType.UNAUTHORIZED, "the account does not exist"));
  }

  /**
   * Checks the signed-in user's password before an account change (password, deletion), behind the
   * login throttle, so that a stolen access token alone cannot take the account over; 403 {@code
   * wrong-password} otherwise. The signed-in user's token proves an earlier login like a
   * known-client proof: the check spends a budget of the account's signed-in clients, not the
   * unknown clients' one that guessers can exhaust.
   */
  public void confirmPassword(UUID userId, String password, String clientAddress) {
    User user =
        users
            .findById(userId)
            .orElseThrow(
                () -> ApiProblem.of(ProblemType.UNAUTHORIZED, "the account does not exist"));
    throttle
        .knownClientLoginAttempt(signedIn(userId), clientAddress)
        .ifPresent(
            wait -> {
              throw ApiProblem.of(
                  ProblemType.LOGIN_THROTTLED, "too many password attempts; try again later", wait);
            });
    if (password == null || !check(password, user.passwordHash())) {
      throw ApiProblem.of(ProblemType.WRONG_PASSWORD, "the current password is wrong");
    }
    throttle.knownClientLoginSucceeded(signedIn(userId), clientAddress);
  }

  private static String signedIn(UUID userId) {
    return "signed-in:" + userId;
  }

  /** The hash of a new password for the account with this address; 400 when it is too weak. */
  public String hashNewPassword(String email, String password) {
    PasswordPolicy.problemWith(password, email)
        .ifPresent(
            reason -> {
              throw ApiProblem.of(ProblemType.WEAK_PASSWORD, reason);
            });
    return hash(password);
  }

  /**
   * Checks the credentials behind the throttle and returns the user's id; issues nothing, so a
   * caller with tokens of its own (the page's browser session) starts no API refresh family.
   */
  public UUID authenticate(
      String rawEmail, String password, String clientAddress, String knownClient) {
    String account = normaliseForThrottle(rawEmail);
    boolean presented = knownClient != null && !knownClient.isBlank();
    Optional<User> user = presented ? find(account) : Optional.empty();
    // a valid proof of an earlier login to THIS account: its own budget, not the unknown clients'
    Optional<String> proof =
        user.flatMap(holder -> knownClients.validFor(knownClient, holder.id()));
    // counted before bcrypt: parallel guesses beyond the allowance never reach the hash
    Optional<Duration> wait =
        proof.isPresent()
            ? throttle.knownClientLoginAttempt(proof.get(), clientAddress)
            : throttle.loginAttempt(account, clientAddress);
    if (wait.isPresent()) {
      throw ApiProblem.of(
          ProblemType.LOGIN_THROTTLED, "too many login attempts; try again later", wait.get());
    }
    if (!presented) {
      user = find(account);
    }
    String hash = user.map(User::passwordHash).orElse(decoyHash);
    boolean matches = password != null && check(password, hash);
    if (user.isEmpty() || !matches) {
      throw ApiProblem.of(ProblemType.INVALID_CREDENTIALS, INVALID_CREDENTIALS);
    }
    if (proof.isPresent()) {
      throttle.knownClientLoginSucceeded(proof.get(), clientAddress);
    } else {
      throttle.loginSucceeded(account, clientAddress);
    }
    return user.get().id();
  }

  private Optional<User> find(String account) {
    return account.isEmpty() ? Optional.empty() : users.findByEmail(account);
  }

  /** Exchanges a refresh token for a new access token and the refresh token's successor. */
  public SignIn refresh(String refreshToken) {
    RefreshTokens.Issued next = refreshTokens.rotate(refreshToken);
    return new SignIn(issueAccessToken(next.userId()), next, Optional.empty());
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
