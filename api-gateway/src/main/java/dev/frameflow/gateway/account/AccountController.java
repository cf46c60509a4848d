package dev.frameflow.gateway.account;

import dev.frameflow.gateway.auth.AccountService;
import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.auth.User;
import dev.frameflow.gateway.auth.UserRepository;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's own account (an API key cannot reach it: see the security rules). Every
 * change that ends sign-ins answers 204 and leaves the caller signed out too.
 */
@RestController
public class AccountController {

  private final UserRepository users;
  private final AccountService accounts;
  private final PasswordChange passwordChange;
  private final CredentialRevocation revocation;
  private final AccountDeletion deletion;

  public AccountController(
      UserRepository users,
      AccountService accounts,
      PasswordChange passwordChange,
      CredentialRevocation revocation,
      AccountDeletion deletion) {
    this.users = users;
    this.accounts = accounts;
    this.passwordChange = passwordChange;
    this.revocation = revocation;
    this.deletion = deletion;
  }

  /** What the account is; {@code emailVerified} false means uploads and new credentials wait. */
  public record Account(
      UUID id, String email, String name, boolean emailVerified, Instant createdAt) {}

  public record NewPassword(
      @NotBlank @Size(max = 200) String currentPassword,
      @NotBlank @Size(max = 200) String newPassword) {}

  public record Confirmation(@NotBlank @Size(max = 200) String password) {}

  @Operation(summary = "The signed-in account, with whether its address is confirmed")
  @GetMapping("/api/account")
  public Account account(@AuthenticationPrincipal CurrentUser user) {
    User found =
        users
            .findById(user.id())
            .orElseThrow(
                () -> ApiProblem.of(ProblemType.UNAUTHORIZED, "the account does not exist"));
    return new Account(
        found.id(), found.email(), found.name(), users.isVerified(found.id()), found.createdAt());
  }

  @Operation(summary = "Change the password (the current one is required); signs out everywhere")
  @PostMapping("/api/account/password")
  public ResponseEntity<Void> changePassword(
      @Valid @RequestBody NewPassword request,
      @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest http) {
    passwordChange.change(
        user.id(), request.currentPassword(), request.newPassword(), http.getRemoteAddr());
    return ResponseEntity.noContent().build();
  }

  @Operation(
      summary =
          "Sign out everywhere: every access token, refresh token, browser session and API key of"
              + " the account stops working")
  @PostMapping("/api/account/sign-out-everywhere")
  public ResponseEntity<Void> signOutEverywhere(@AuthenticationPrincipal CurrentUser user) {
    revocation.revokeAll(user.id());
    return ResponseEntity.noContent().build();
  }

  @Operation(
      summary =
          "Delete the account (its password is required) with its videos and their stored"
              + " objects, webhooks, API keys and sessions")
  @DeleteMapping("/api/account")
  public ResponseEntity<Void> delete(
      @Valid @RequestBody Confirmation request,
      @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest http) {
    accounts.confirmPassword(user.id(), request.password(), http.getRemoteAddr());
    deletion.delete(user.id());
    return ResponseEntity.noContent().build();
  }
}
