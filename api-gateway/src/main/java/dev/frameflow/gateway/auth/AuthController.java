package dev.frameflow.gateway.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AuthController {

  /** What registration answers, whether the address was new or already had an account. */
  static final String REGISTERED =
      "if this address can be registered, the account is ready; check the mailbox for a link"
          + " that confirms the address (notifications are sent only to confirmed addresses)";

  private final AccountService accounts;
  private final EmailVerification verification;
  private final RefreshTokens refreshTokens;
  private final SigningKeys keys;
  private final Clock clock;

  public AuthController(
      AccountService accounts,
      EmailVerification verification,
      RefreshTokens refreshTokens,
      SigningKeys keys,
      Clock clock) {
    this.accounts = accounts;
    this.verification = verification;
    this.refreshTokens = refreshTokens;
    this.keys = keys;
    this.clock = clock;
  }

  public record RegisterRequest(
      @NotBlank @Size(max = 254) String email,
      @NotBlank @Size(max = 200) String password,
      @NotBlank @Size(max = 200) String name) {}

  public record LoginRequest(
      @NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String password) {}

  public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {}

  public record VerifyRequest(@NotBlank @Size(max = 200) String token) {}

  public record Registration(String status, String detail) {}

  /**
   * {@code knownClient}: after a login with the password, a proof that this client has signed in to
   * the account, to send back in the {@code Frameflow-Known-Client} header at the next logins (a
   * budget of failures of its own that guessers elsewhere cannot use up); absent after a refresh.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TokenResponse(
      String accessToken,
      String tokenType,
      long expiresIn,
      String refreshToken,
      long refreshExpiresIn,
      String knownClient,
      Long knownClientExpiresIn) {}

  /** 202 with the same body whether or not the address already had an account. */
  @PostMapping("/api/auth/register")
  public ResponseEntity<Registration> register(
      @Valid @RequestBody RegisterRequest request, HttpServletRequest httpRequest) {
    accounts.register(
        request.email(), request.password(), request.name(), httpRequest.getRemoteAddr());
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(new Registration("accepted", REGISTERED));
  }

  @PostMapping("/api/auth/login")
  public TokenResponse login(
      @Valid @RequestBody LoginRequest request,
      @RequestHeader(name = KnownClients.HEADER, required = false) String knownClient,
      HttpServletRequest httpRequest) {
    return response(
        accounts.login(
            request.email(), request.password(), httpRequest.getRemoteAddr(), knownClient));
  }

  /** Rotates the refresh token: the one sent is consumed; a second use revokes the sign-in. */
  @PostMapping("/api/auth/refresh")
  public TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
    return response(accounts.refresh(request.refreshToken()));
  }

  /** Ends the sign-in the refresh token belongs to (every token of its family). */
  @PostMapping("/api/auth/logout")
  public ResponseEntity<Void> logout(@Valid @RequestBody RefreshRequest request) {
    refreshTokens.revoke(request.refreshToken());
    return ResponseEntity.noContent().build();
  }

  /** The link in the verification mail. */
  @GetMapping("/api/auth/verify")
  public Map<String, String> verifyLink(@RequestParam("token") String token) {
    verification.confirm(token);
    return Map.of("status", "verified");
  }

  @PostMapping("/api/auth/verify")
  public Map<String, String> verify(@Valid @RequestBody VerifyRequest request) {
    verification.confirm(request.token());
    return Map.of("status", "verified");
  }

  /** Public keys that verify our access tokens (RFC 7517), rotated-out ones included. */
  @GetMapping({"/.well-known/jwks.json", "/api/auth/jwks"})
  public Map<String, Object> jwks() {
    return keys.jwks();
  }

  private TokenResponse response(AccountService.SignIn signIn) {
    Instant now = clock.instant();
    return new TokenResponse(
        signIn.access().value(),
        "Bearer",
        seconds(now, signIn.access().expiresAt()),
        signIn.refresh().value(),
        seconds(now, signIn.refresh().expiresAt()),
        signIn.knownClient().map(KnownClients.Proof::value).orElse(null),
        signIn.knownClient().map(proof -> seconds(now, proof.expiresAt())).orElse(null));
  }

  private static long seconds(Instant now, Instant until) {
    return Math.max(0, until.getEpochSecond() - now.getEpochSecond());
  }
}
