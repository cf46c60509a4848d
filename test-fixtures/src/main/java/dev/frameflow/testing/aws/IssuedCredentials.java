package dev.frameflow.testing.aws;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every AWS access key the test JVM's stand-ins know, with the principal it belongs to: the
 * temporary keys {@link TestSts} issues to a role, and the static key of the tests' own setup and
 * assertions ({@link Principal#TEST_HARNESS}). The in-process S3 server looks each request's key up
 * here, so a request is attributed to whoever signed it and refused once its credentials expired.
 */
public final class IssuedCredentials {

  private static final Map<String, Issued> BY_ACCESS_KEY = new ConcurrentHashMap<>();

  private IssuedCredentials() {}

  /** A key, its secret, its session token (null for a static key) and when it stops working. */
  public record Issued(
      Principal principal,
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      Instant expiresAt) {

    public boolean expiredAt(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt);
    }
  }

  /** Who a key belongs to: an IAM role of {@code terraform/modules/pod-roles}, or the harness. */
  public record Principal(String name, String arn) {
    public static final Principal TEST_HARNESS =
        new Principal("test-harness", "arn:aws:iam::000000000000:user/test-harness");

    public boolean isHarness() {
      return this.equals(TEST_HARNESS);
    }
  }

  public static void register(Issued issued) {
    BY_ACCESS_KEY.put(issued.accessKeyId(), issued);
  }

  public static Optional<Issued> lookUp(String accessKeyId) {
    return Optional.ofNullable(accessKeyId).map(BY_ACCESS_KEY::get);
  }
}
