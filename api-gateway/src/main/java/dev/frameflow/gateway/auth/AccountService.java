package dev.frameflow.gateway.auth;

import dev.frameflow.gateway.problem.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Registration and login. Login answers the same way whether or not the email exists. */
@Service
public class AccountService {

  private static final String INVALID_CREDENTIALS = "the email or the password is wrong";

  private final UserRepository users;
  private final PasswordEncoder passwords;
  private final TokenService tokens;
  private final LoginThrottle throttle;
  private final Clock clock;
  // compared against when the email is unknown, so both paths cost one hash
  private final String decoyHash;

  public AccountService(
      UserRepository users,
      PasswordEncoder passwords,
      TokenService tokens,
      LoginThrottle throttle,
      Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.tokens = tokens;
    this.throttle = throttle;
    this.clock = clock;
    this.decoyHash = passwords.encode(UUID.randomUUID().toString());
  }

  public User register(String rawEmail, String password, String name) {
    EmailAddress email = parseEmail(rawEmail);
    PasswordPolicy.problemWith(password, email.value())
        .ifPresent(
            reason -> {
              throw ApiProblem.badRequest(reason);
            });
    User user =
        new User(
            UUID.randomUUID(),
            email.value(),
            name.strip(),
            passwords.encode(password),
            clock.instant());
    if (!users.insert(user)) {
      throw ApiProblem.conflict("an account with this email already exists");
    }
    return user;
  }

  public TokenService.AccessToken login(String rawEmail, String password, String clientAddress) {
    String account = normaliseForThrottle(rawEmail);
    Optional<Duration> wait = throttle.blockedFor(account, clientAddress);
    if (wait.isPresent()) {
      throw ApiProblem.tooManyRequests("too many failed logins; try again later", wait.get());
    }
    Optional<User> user = account.isEmpty() ? Optional.empty() : users.findByEmail(account);
    String hash = user.map(User::passwordHash).orElse(decoyHash);
    boolean matches = password != null && passwords.matches(password, hash);
    if (user.isEmpty() || !matches) {
      throttle.recordFailure(account, clientAddress);
      throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", INVALID_CREDENTIALS);
    }
    throttle.recordSuccess(account);
    return tokens.issue(user.get().id());
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
