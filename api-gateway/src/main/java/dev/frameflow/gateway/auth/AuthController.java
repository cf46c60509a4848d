package dev.frameflow.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AuthController {

  private final AccountService accounts;
  private final SigningKeys keys;

  public AuthController(AccountService accounts, SigningKeys keys) {
    this.accounts = accounts;
    this.keys = keys;
  }

  public record RegisterRequest(
      @NotBlank @Size(max = 254) String email,
      @NotBlank @Size(max = 200) String password,
      @NotBlank @Size(max = 200) String name) {}

  public record LoginRequest(
      @NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String password) {}

  public record Account(UUID id, String email, String name, Instant createdAt) {}

  public record TokenResponse(String accessToken, String tokenType, long expiresIn) {}

  @PostMapping("/api/auth/register")
  public ResponseEntity<Account> register(@Valid @RequestBody RegisterRequest request) {
    User user = accounts.register(request.email(), request.password(), request.name());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new Account(user.id(), user.email(), user.name(), user.createdAt()));
  }

  @PostMapping("/api/auth/login")
  public TokenResponse login(
      @Valid @RequestBody LoginRequest request, HttpServletRequest httpRequest) {
    TokenService.AccessToken token =
        accounts.login(request.email(), request.password(), httpRequest.getRemoteAddr());
    long expiresIn =
        Math.max(0, token.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
    return new TokenResponse(token.value(), "Bearer", expiresIn);
  }

  /** Public keys that verify our access tokens (RFC 7517). */
  @GetMapping({"/.well-known/jwks.json", "/api/auth/jwks"})
  public java.util.Map<String, Object> jwks() {
    return keys.jwks();
  }
}
