package dev.frameflow.gateway.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * Login and registration attempts per window, counted in PostgreSQL by {@link RateLimiter} so that
 * every replica shares one budget. An attempt is counted BEFORE the password is hashed: parallel
 * guesses beyond the allowance never reach bcrypt. A successful login clears its account's count
 * and gives its address the attempt back.
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

  /** Counts a login attempt; how long to wait when over the account's or the address's limit. */
  public Optional<Duration> loginAttempt(String account, String address) {
    Optional<Duration> byAddress =
        limiter.tryAcquire(
            "login-address:" + address, login.maxFailuresPerAddress(), login.window());
    if (byAddress.isPresent()) {
      // a blocked address does not also use up the account's budget (its owner's logins)
      return byAddress;
    }
    return limiter.tryAcquire(
        "login-account:" + account, login.maxFailuresPerAccount(), login.window());
  }

  /**
   * A correct password: the account's count is cleared and the address gets its attempt back, so
   * that many people signing in behind one NAT do not use up the address's budget; only failures
   * (and attempts still running) count.
   */
  public void loginSucceeded(String account, String address) {
    limiter.reset("login-account:" + account);
    limiter.refund("login-address:" + address);
  }

  /** Counts a registration from this address; how long to wait when over the limit. */
  public Optional<Duration> registrationAttempt(String address) {
    return limiter.tryAcquire(
        "register-address:" + address, registration.maxPerAddress(), registration.window());
  }
}
