package dev.frameflow.gateway.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.PublicJwk;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
  // kid -> key that verifies tokens signed under that kid: the signing key and rotated-out ones
  private final Map<String, Key> verificationKeys;
  private final Set<SecureDigestAlgorithm<?, ?>> algorithms;

  private SigningKeys(
      String keyId,
      Key signingKey,
      Key verificationKey,
      SecureDigestAlgorithm<?, ?> algorithm,
      List<Map<String, ?>> publicJwks) {
    this(
        keyId,
        signingKey,
        verificationKey,
        algorithm,
        publicJwks,
        Map.of(keyId, verificationKey),
        Set.of(algorithm));
  }

  private SigningKeys(
      String keyId,
      Key signingKey,
      Key verificationKey,
      SecureDigestAlgorithm<?, ?> algorithm,
      List<Map<String, ?>> publicJwks,
      Map<String, Key> verificationKeys,
      Set<SecureDigestAlgorithm<?, ?>> algorithms) {
    this.keyId = keyId;
    this.signingKey = signingKey;
    this.verificationKey = verificationKey;
    this.algorithm = algorithm;
    this.publicJwks = publicJwks;
    this.verificationKeys = Map.copyOf(verificationKeys);
    this.algorithms = Set.copyOf(algorithms);
  }

  /**
   * The configured keys. Without a signing key the gateway refuses to start: a throw-away key would
   * log everyone out at each restart and split users between replicas.
   */
  public static SigningKeys from(JwtProperties properties) {
    SigningKeys current;
    if (properties.privateKeyFile() != null) {
      current = fromPem(properties);
    } else if (properties.hmacSecret() != null && !properties.hmacSecret().isBlank()) {
      current = fromHmacSecret(properties);
    } else {
      throw new IllegalStateException(
          "no JWT signing key configured: set FRAMEFLOW_JWT_PRIVATE_KEY_FILE (PKCS#8 PEM, Ed25519"
              + " or RSA) or FRAMEFLOW_JWT_HMAC_SECRET (at least 32 bytes)");
    }
    if (properties.previousKeysFile() != null) {
      current = current.withPreviousKeys(readJwks(properties.previousKeysFile()));
    }
    log.info("JWT signing key id {}; verification key ids {}", current.keyId, current.keyIds());
    return current;
  }

  /** Keys that still verify tokens after a rotation; their public JWKs stay published. */
  SigningKeys withPreviousKeys(List<PublicJwk<?>> previous) {
    Map<String, Key> keys = new HashMap<>(verificationKeys);
    List<Map<String, ?>> published = new ArrayList<>(publicJwks);
    Set<SecureDigestAlgorithm<?, ?>> algs = new HashSet<>(algorithms);
    for (PublicJwk<?> jwk : previous) {
      if (jwk.getId() == null || jwk.getId().isBlank()) {
        throw new IllegalStateException("every previous JWT key needs a kid");
      }
      if (keys.putIfAbsent(jwk.getId(), jwk.toKey()) == null) {
        published.add(Map.copyOf(jwk));
        algs.add(jwk.toKey().getAlgorithm().equals("RSA") ? Jwts.SIG.RS256 : Jwts.SIG.EdDSA);
      }
    }
    return new SigningKeys(
        keyId, signingKey, verificationKey, algorithm, List.copyOf(published), keys, algs);
  }

  private static List<PublicJwk<?>> readJwks(Path file) {
    try {
      JwkSet set = Jwks.setParser().build().parse(Files.readString(file, StandardCharsets.UTF_8));
      List<PublicJwk<?>> keys = new ArrayList<>();
      for (Jwk<?> jwk : set) {
        if (!(jwk instanceof PublicJwk<?> publicJwk)) {
          throw new IllegalStateException("previous JWT keys must be public keys: " + file);
        }
        keys.add(publicJwk);
      }
      return keys;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the previous JWT keys (JWKS) from " + file, e);
    }
  }

  /** A throw-away development key; the standalone mode writes a persistent one instead. */
  static SigningKeys developmentKey() {
    return asymmetric(Jwts.SIG.EdDSA.keyPair().build(), null);
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

  /** The key that verifies tokens signed under {@code kid}, if it is one of ours. */
  Optional<Key> verificationKey(String kid) {
    return kid == null ? Optional.empty() : Optional.ofNullable(verificationKeys.get(kid));
  }

  Set<String> keyIds() {
    return new TreeSet<>(verificationKeys.keySet());
  }

  Set<SecureDigestAlgorithm<?, ?>> algorithms() {
    return algorithms;
  }

  SecureDigestAlgorithm<?, ?> algorithm() {
    return algorithm;
  }

  /** The JWKS document: public keys only. */
  public Map<String, Object> jwks() {
    return Map.of("keys", publicJwks);
  }
}
