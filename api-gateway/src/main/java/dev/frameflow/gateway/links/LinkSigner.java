package dev.frameflow.gateway.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signs and checks the messages of links that need no sign-in (download links, signed frame URLs)
 * with the one link signing key ({@link LinkSigningKey}). Each kind of link signs a message that
 * starts with its own prefix, so that a signature made for one kind never verifies as another.
 */
@Component
@EnableConfigurationProperties(LinkProperties.class)
public class LinkSigner {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;

  public LinkSigner(LinkProperties properties, JdbcClient jdbc, Clock clock) {
    this.key = LinkSigningKey.load(properties, jdbc, clock);
  }

  /** HMAC-SHA256 of {@code message}, base64url without padding. */
  public String sign(String message) {
    try {
      Mac mac = Mac.getInstance(LinkSigningKey.ALGORITHM);
      mac.init(key);
      return BASE64URL.encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** Whether {@code signature} is the signature of {@code message}, compared in constant time. */
  public boolean verifies(String message, String signature) {
    byte[] expected = sign(message).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }
}
