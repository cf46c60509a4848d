package dev.frameflow.gateway.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * Login and registration attempts per window, counted in PostgreSQL by {@link RateLimiter} so that
 * every replica shares one budget. An attempt is counted BEFORE the password is hashed: parallel
 * guesses beyond the allowance never reach bcrypt.
 *
 * <p>An account has one small budget for every client without a proof of an earlier login to it:
 * guessing spread over any number of addresses is bounded by it. A client with a valid {@link
 * KnownClients} proof spends only that proof's own budget, which nobody without the proof can
 * spend: exhausting the unknown clients' budget does not lock the owner out of the clients they
 * used before. Every attempt also spends its address's budget over all accounts.
 */
public class LoginThrottle {

  private final RateLimiter limiter;
  private final LoginThrottleProperties login;
  private final RegistrationProperties registration;

  public LoginThrottle(
      RateLimiter limiter, LoginThrottleProperties login, RegistrationProperties registration) {
    this.limiter = limiter;
    this.login = login;
    this.registration = registration;
  }

  /**
   * Counts a login attempt at {@code account} from a client with no valid proof for it; how long to
   * wait when over a limit.
   */
  public Optional<Duration> loginAttempt(String account, String address) {
    return attempt(address, unknownClients(account), login.maxFailuresPerAccount());
  }

  /** Counts a login attempt that presented the valid known-client proof {@code proofId}. */
  public Optional<Duration> knownClientLoginAttempt(String proofId, String address) {
    return attempt(address, knownClient(proofId), login.maxFailuresPerKnownClient());
  }

  private Optional<Duration> attempt(String address, String budget, int max) {
    Optional<Duration> byAddress =
        limiter.tryAcquire(
            "login-address:" + address, login.maxFailuresPerAddress(), login.window());
    if (byAddress.isPresent()) {
      // a blocked address does not also use up the account's budget (its owner's logins)
      return byAddress;
    }
    return limiter.tryAcquire(budget, max, login.window());
  }

  /**
   * A correct password from a client without a proof: the account's count is cleared and the
   * address gets its attempt back, so that many people signing in behind one NAT do not use up the
   * address's budget; only failures (and attempts still running) count.
   */
  public void loginSucceeded(String account, String address) {
    limiter.reset(unknownClients(account));
    limiter.refund("login-address:" + address);
  }

  /** A correct password with a known-client proof: its count is cleared, the address refunded. */
  public void knownClientLoginSucceeded(String proofId, String address) {
    limiter.reset(knownClient(proofId));
    limiter.refund("login-address:" + address);
  }

  private static String unknownClients(String account) {
    return "login-account:" + account;
  }

  private static String knownClient(String proofId) {
    return "login-known-client:" + proofId;
  }

  /**
   * Counts a confirmation mail for a takeover of {@code email}; false beyond the allowance per
   * registration window, so that registering an unconfirmed address over and over from many client
   * addresses cannot flood its mailbox.
   */
  public boolean takeoverMailAllowed(String email) {
    return limiter
        .tryAcquire(
            "register-takeover:" + email,
            registration.maxTakeoverMailsPerAddress(),
            registration.window())
        .isEmpty();
  }

  /** Counts a registration from this address; how long to wait when over the limit. */
  public Optional<Duration> registrationAttempt(String address) {
    return limiter.tryAcquire(
        "register-address:" + address, registration.maxPerAddress(), registration.window());
  }
}
