package dev.frameflow.gateway.auth;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a credential's user is allowed right now, read on every authenticated request: whether the
 * account still exists, the generation of its credentials (an access token of an older generation
 * was issued before a sign-out everywhere or a password change) and whether its address is
 * verified. One primary-key lookup, so a deleted account or a revoked token stops at once, on every
 * replica.
 */
@Component
public class AccountStanding {

  private final JdbcClient jdbc;

  public AccountStanding(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public record Standing(long tokenGeneration, boolean emailVerified) {}

  /** Empty when the account no longer exists. */
  public Optional<Standing> of(UUID userId) {
    return jdbc.sql(
            "select token_generation, email_verified_at is not null as verified from app_user"
                + " where id = ?")
        .param(userId)
        .query((rs, row) -> new Standing(rs.getLong("token_generation"), rs.getBoolean("verified")))
        .optional();
  }
}
