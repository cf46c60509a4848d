package dev.frameflow.gateway.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * Login and registration attempts per window, counted in PostgreSQL by {@link RateLimiter} so that
 * every replica shares one budget. An attempt is counted BEFORE the password is hashed: parallel
 * guesses beyond the allowance never reach bcrypt. A successful login clears its account's count
 * from that address and gives the attempt back to the other budgets.
 *
 * <p>An account's small budget is kept per client address: someone hammering a known user's address
 * spends their own address's budget against that account, not the owner's, who still signs in from
 * their own client. The account's budget over all addresses is far larger: it bounds guessing
 * spread over many addresses, and exhausting it (locking the owner out for one window) takes that
 * many failures from several addresses at once, each also bounded per address.
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

  /** Counts a login attempt; how long to wait when over one of the limits. */
  public Optional<Duration> loginAttempt(String account, String address) {
    Optional<Duration> byAddress =
        limiter.tryAcquire(
            "login-address:" + address, login.maxFailuresPerAddress(), login.window());
    if (byAddress.isPresent()) {
      // a blocked address does not also use up the account's budgets (its owner's logins)
      return byAddress;
    }
    Optional<Duration> fromThisAddress =
        limiter.tryAcquire(
            accountFromAddress(account, address),
            login.maxFailuresPerAccountAndAddress(),
            login.window());
    if (fromThisAddress.isPresent()) {
      // nor does one address past its budget against the account spend the account's total
      return fromThisAddress;
    }
    return limiter.tryAcquire(
        "login-account:" + account, login.maxFailuresPerAccount(), login.window());
  }

  /**
   * A correct password: the account's count from this address is cleared and the address and the
   * account's total get their attempt back, so that many people signing in behind one NAT do not
   * use up the address's budget; only failures (and attempts still running) count.
   */
  public void loginSucceeded(String account, String address) {
    limiter.reset(accountFromAddress(account, address));
    limiter.refund("login-account:" + account);
    limiter.refund("login-address:" + address);
  }

  private static String accountFromAddress(String account, String address) {
    // the address first: the bucket key is cut at 320 characters, an address never is
    return "login-account-address:" + address + "|" + account;
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
