package dev.frameflow.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries: {@code Frameflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} over {@code
 * <t>.<body>} with the endpoint's secret. The receiver recomputes it and refuses a timestamp older
 * than a few minutes (replays). docs/integrations.md ("Verifying the signature") shows how.
 */
public final class WebhookSigner {

  public static final String HEADER = "Frameflow-Signature";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSigner() {}

  public static String header(long unixSeconds, byte[] body, String secret) {
    return "t=" + unixSeconds + ",v1=" + hmac(unixSeconds, body, secret);
  }

  static String hmac(long unixSeconds, byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** A new endpoint secret: 32 random bytes, prefixed so that people recognise it. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
