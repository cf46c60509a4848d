package dev.frameflow.gateway.account;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A forgotten password: a link by mail, then the new password with the link's token. */
@RestController
public class PasswordResetController {

  /** What a reset request answers, whether or not the address has an account. */
  static final String REQUESTED =
      "if this address has an account, a link to choose a new password is on its way";

  private final PasswordResets resets;

  public PasswordResetController(PasswordResets resets) {
    this.resets = resets;
  }

  public record ResetRequest(@NotBlank @Size(max = 254) String email) {}

  public record NewPassword(
      @NotBlank @Size(max = 200) String token, @NotBlank @Size(max = 200) String password) {}

  public record Requested(String status, String detail) {}

  @Operation(
      summary =
          "Mail a password reset link to the address; the same answer whether or not it has"
              + " an account")
  @PostMapping("/api/auth/password-reset")
  public ResponseEntity<Requested> request(
      @Valid @RequestBody ResetRequest request, HttpServletRequest http) {
    resets.request(request.email(), http.getRemoteAddr());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Requested("accepted", REQUESTED));
  }

  @Operation(
      summary =
          "Set a new password with the mailed token (once); signs out everywhere and"
              + " confirms the address")
  @PostMapping("/api/auth/password-reset/confirm")
  public ResponseEntity<Void> confirm(@Valid @RequestBody NewPassword request) {
    resets.reset(request.token(), request.password());
    return ResponseEntity.noContent().build();
  }
}
