package dev.frameflow.gateway.links;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The HMAC key of download links: the configured one, else the one kept in the database (the first
 * replica to start generates it; the others read the same row).
 */
final class LinkSigningKey {

  static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_BYTES = 32;

  private LinkSigningKey() {}

  static SecretKeySpec load(LinkProperties properties, JdbcClient jdbc, Clock clock) {
    if (properties.signingKey() != null && !properties.signingKey().isBlank()) {
      byte[] configured = Base64.getDecoder().decode(properties.signingKey().strip());
      if (configured.length < MIN_BYTES) {
        throw new IllegalStateException(
            "frameflow.links.signing-key must hold at least " + MIN_BYTES + " bytes (base64)");
      }
      return new SecretKeySpec(configured, ALGORITHM);
    }
    byte[] fresh = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(fresh);
    jdbc.sql(
            "insert into link_signing_key (id, secret, created_at) values (1, ?, ?)"
                + " on conflict (id) do nothing")
        .params(fresh, Timestamp.from(clock.instant()))
        .update();
    byte[] stored =
        jdbc.sql("select secret from link_signing_key where id = 1").query(byte[].class).single();
    return new SecretKeySpec(stored, ALGORITHM);
  }
}
