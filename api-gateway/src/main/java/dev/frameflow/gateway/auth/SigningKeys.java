package dev.frameflow.gateway.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.PublicJwk;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key material tokens are signed and verified with, and the public part published as JWKS.
 * Built once at start from {@link JwtProperties}.
 */
public final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private final String keyId;
  private final Key signingKey;
  private final Key verificationKey;
  private final SecureDigestAlgorithm<?, ?> algorithm;
  private final List<Map<String, ?>> publicJwks;

  private SigningKeys(
      String keyId,
      Key signingKey,
      Key verificationKey,
      SecureDigestAlgorithm<?, ?> algorithm,
      List<Map<String, ?>> publicJwks) {
    this.keyId = keyId;
    this.signingKey = signingKey;
    this.verificationKey = verificationKey;
    this.algorithm = algorithm;
    this.publicJwks = publicJwks;
  }

  public static SigningKeys from(JwtProperties properties) {
    if (properties.privateKeyFile() != null) {
      return fromPem(properties);
    }
    if (properties.hmacSecret() != null && !properties.hmacSecret().isBlank()) {
      return fromHmacSecret(properties);
    }
    log.warn(
        "\n**********************************************************************\n"
            + " NO JWT SIGNING KEY CONFIGURED: generated a throw-away Ed25519 key.\n"
            + " Tokens will not survive a restart nor be accepted by other replicas.\n"
            + " Set FRAMEFLOW_JWT_PRIVATE_KEY_FILE for anything but development.\n"
            + "**********************************************************************");
    return asymmetric(Jwts.SIG.EdDSA.keyPair().build(), properties.keyId());
  }

  /** A fresh Ed25519 key pair; tests use it to forge tokens with a key the service never saw. */
  public static SigningKeys generatedEd25519(String keyId) {
    return asymmetric(Jwts.SIG.EdDSA.keyPair().build(), keyId);
  }

  private static SigningKeys fromPem(JwtProperties properties) {
    try {
      String pem = Files.readString(properties.privateKeyFile(), StandardCharsets.US_ASCII);
      byte[] der =
          Base64.getMimeDecoder()
              .decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").strip());
      PrivateKey privateKey = readPkcs8(der);
      PublicKey publicKey = publicKeyOf(privateKey);
      return asymmetric(new KeyPair(publicKey, privateKey), properties.keyId());
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot read the JWT private key (PKCS#8 PEM, Ed25519 or RSA) from "
              + properties.privateKeyFile(),
          e);
    }
  }

  private static PrivateKey readPkcs8(byte[] der) throws GeneralSecurityException {
    for (String algorithm : List.of("Ed25519", "RSA")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisOne) {
        // try the next supported algorithm
      }
    }
    throw new GeneralSecurityException("the key is neither Ed25519 nor RSA");
  }

  private static PublicKey publicKeyOf(PrivateKey privateKey) throws GeneralSecurityException {
    if (privateKey instanceof RSAPrivateCrtKey rsa) {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    }
    // jjwt derives the Ed25519 public key from the private one
    return Jwks.builder().octetKey(privateKey).build().toPublicJwk().toKey();
  }

  private static SigningKeys asymmetric(KeyPair pair, String configuredKeyId) {
    PublicJwk<?> jwk = Jwks.builder().key(pair.getPublic()).idFromThumbprint().build();
    String keyId =
        configuredKeyId == null || configuredKeyId.isBlank() ? jwk.getId() : configuredKeyId;
    PublicJwk<?> published = Jwks.builder().key(pair.getPublic()).id(keyId).build();
    SecureDigestAlgorithm<?, ?> algorithm =
        pair.getPrivate().getAlgorithm().equals("RSA") ? Jwts.SIG.RS256 : Jwts.SIG.EdDSA;
    return new SigningKeys(
        keyId, pair.getPrivate(), pair.getPublic(), algorithm, List.of(Map.copyOf(published)));
  }

  private static SigningKeys fromHmacSecret(JwtProperties properties) {
    byte[] secret = properties.hmacSecret().getBytes(StandardCharsets.UTF_8);
    if (secret.length < 32) {
      throw new IllegalStateException(
          "FRAMEFLOW_JWT_HMAC_SECRET must be at least 256 bits (32 bytes); refusing a weak secret");
    }
    MacAlgorithm hs256 = Jwts.SIG.HS256;
    SecretKey key = new SecretKeySpec(secret, "HmacSHA256");
    String keyId =
        properties.keyId() == null || properties.keyId().isBlank() ? "hs256" : properties.keyId();
    // a shared secret is never published: the JWKS stays empty
    return new SigningKeys(keyId, key, key, hs256, List.of());
  }

  public String keyId() {
    return keyId;
  }

  Key signingKey() {
    return signingKey;
  }

  Key verificationKey() {
    return verificationKey;
  }

  SecureDigestAlgorithm<?, ?> algorithm() {
    return algorithm;
  }

  /** The JWKS document: public keys only. */
  public Map<String, Object> jwks() {
    return Map.of("keys", publicJwks);
  }
}
