package dev.frameflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  @TempDir Path dir;

  private JwtProperties properties(Path keyFile, String kid, String secret) {
    return new JwtProperties(
        "frameflow",
        "frameflow-api",
        Duration.ofMinutes(15),
        Duration.ofSeconds(30),
        keyFile,
        kid,
        secret,
        null,
        null);
  }

  @Test
  void anRsaPemKeySignsRs256AndPublishesItsPublicHalf() throws Exception {
    Path pem = writePem("RSA", 2048);
    SigningKeys keys = SigningKeys.from(properties(pem, "rsa-2026", null));
    TokenService tokens =
        new TokenService(keys, properties(pem, "rsa-2026", null), Clock.systemUTC());
    UUID user = UUID.randomUUID();
    String token = tokens.issue(user).value();
    assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0])))
        .contains("RS256")
        .contains("rsa-2026");
    assertThat(tokens.verify(token)).hasValue(user);
    assertThat(keys.jwks().toString())
        .contains("kty=RSA")
        .contains("kid=rsa-2026")
        .doesNotContain(" d=");
  }

  @Test
  void anEd25519PemKeySignsEdDsa() throws Exception {
    Path pem = writePem("Ed25519", 0);
    JwtProperties props = properties(pem, null, null);
    TokenService tokens = new TokenService(SigningKeys.from(props), props, Clock.systemUTC());
    UUID user = UUID.randomUUID();
    assertThat(tokens.verify(tokens.issue(user).value())).hasValue(user);
  }

  @Test
  void hmacNeedsAtLeast256BitsAndIsNeverPublished() {
    assertThatThrownBy(() -> SigningKeys.from(properties(null, null, "too short")))
        .hasMessageContaining("256 bits");
    JwtProperties props = properties(null, null, "0123456789abcdef0123456789abcdef");
    SigningKeys keys = SigningKeys.from(props);
    TokenService tokens = new TokenService(keys, props, Clock.systemUTC());
    UUID user = UUID.randomUUID();
    assertThat(tokens.verify(tokens.issue(user).value())).hasValue(user);
    assertThat(keys.jwks().get("keys")).asList().isEmpty();
  }

  @Test
  void aTokenSignedWithAnotherHmacSecretIsRejected() {
    JwtProperties ours = properties(null, null, "0123456789abcdef0123456789abcdef");
    JwtProperties theirs = properties(null, null, "fedcba9876543210fedcba9876543210");
    String forged =
        new TokenService(SigningKeys.from(theirs), theirs, Clock.systemUTC())
            .issue(UUID.randomUUID())
            .value();
    assertThat(new TokenService(SigningKeys.from(ours), ours, Clock.systemUTC()).verify(forged))
        .isEmpty();
  }

  @Test
  void withoutAKeyTheGatewayRefusesToStart() {
    assertThatThrownBy(() -> SigningKeys.from(properties(null, null, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FRAMEFLOW_JWT_PRIVATE_KEY_FILE");
  }

  @Test
  void afterARotationTokensOfThePreviousKeyStillVerifyByKidAndOthersDoNot() throws Exception {
    Path oldPem = writePem("Ed25519", 0);
    JwtProperties old = properties(oldPem, "2026-01", null);
    SigningKeys oldKeys = SigningKeys.from(old);
    String oldToken =
        new TokenService(oldKeys, old, Clock.systemUTC()).issue(UUID.randomUUID()).value();
    // the operator saves the JWKS published before the switch ...
    Path previous = dir.resolve("previous-jwks.json");
    Files.writeString(
        previous, new tools.jackson.databind.json.JsonMapper().writeValueAsString(oldKeys.jwks()));
    // ... and switches to a new RSA key
    Path newPem = writePem("RSA", 2048);
    JwtProperties rotated =
        new JwtProperties(
            "frameflow",
            "frameflow-api",
            Duration.ofMinutes(15),
            Duration.ofSeconds(30),
            newPem,
            "2026-07",
            null,
            previous,
            null);
    SigningKeys keys = SigningKeys.from(rotated);
    TokenService tokens = new TokenService(keys, rotated, Clock.systemUTC());

    UUID user = UUID.randomUUID();
    String newToken = tokens.issue(user).value();
    assertThat(new String(Base64.getUrlDecoder().decode(newToken.split("\\.")[0])))
        .contains("2026-07");
    assertThat(tokens.verify(newToken)).hasValue(user);
    assertThat(tokens.verify(oldToken)).isPresent();
    assertThat(keys.jwks().toString()).contains("kid=2026-01").contains("kid=2026-07");
    // a key with a kid we never published, even an "old" one, is refused
    JwtProperties stranger = properties(writePem("Ed25519", 0), "2026-01", null);
    String forged =
        new TokenService(SigningKeys.from(stranger), stranger, Clock.systemUTC())
            .issue(user)
            .value();
    assertThat(tokens.verify(forged)).isEmpty();
  }

  private Path writePem(String algorithm, int size) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (size > 0) {
      generator.initialize(size);
    }
    byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
    Path file = dir.resolve(algorithm + ".pem");
    Files.writeString(
        file,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
            + "\n-----END PRIVATE KEY-----\n");
    return file;
  }
}
