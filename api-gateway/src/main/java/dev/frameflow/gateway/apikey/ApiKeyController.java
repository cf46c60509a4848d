package dev.frameflow.gateway.apikey;

import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.problem.ApiProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A signed-in user's API keys (an API key cannot manage keys: see the security rules). */
@RestController
public class ApiKeyController {

  private final ApiKeys keys;

  public ApiKeyController(ApiKeys keys) {
    this.keys = keys;
  }

  public record CreateRequest(
      @NotBlank @Size(max = 100) String name,
      @NotBlank @Pattern(regexp = "read|upload", message = "must be read or upload")
          String scope) {}

  /** The new key, with its secret: the only time it is shown. */
  public record CreatedKey(ApiKeys.ApiKey key, String secret) {}

  @PostMapping("/api/keys")
  public ResponseEntity<CreatedKey> create(
      @Valid @RequestBody CreateRequest request, @AuthenticationPrincipal CurrentUser user) {
    ApiKeys.Created created =
        keys.create(user.id(), request.name(), ApiKeyScope.parse(request.scope()));
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new CreatedKey(created.key(), created.secret()));
  }

  @GetMapping("/api/keys")
  public List<ApiKeys.ApiKey> list(@AuthenticationPrincipal CurrentUser user) {
    return keys.list(user.id());
  }

  @DeleteMapping("/api/keys/{id}")
  public ResponseEntity<Void> revoke(
      @PathVariable("id") String id, @AuthenticationPrincipal CurrentUser user) {
    UUID keyId;
    try {
      keyId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no API key with id " + id);
    }
    keys.revoke(user.id(), keyId);
    return ResponseEntity.noContent().build();
  }
}
