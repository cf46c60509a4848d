package dev.frameflow.testing.aws;

import dev.frameflow.testing.aws.TestSts.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Gives the service started next in this JVM the AWS identity IRSA would give its pod: one STS
 * stand-in per JVM, and the role and token file as the system properties the SDK's default chain
 * reads in place of {@code AWS_ROLE_ARN} and {@code AWS_WEB_IDENTITY_TOKEN_FILE}. The chain reads
 * them when a service first resolves its credentials, which both services do as they start; so a
 * JVM that runs the api-gateway and then the operator calls this before starting each.
 */
public final class TestIrsa {

  private static TestSts sts;

  private TestIrsa() {}

  /** The JVM's STS stand-in (credentials for 15 minutes, as real STS grants at least). */
  public static synchronized TestSts sts() {
    if (sts == null) {
      try {
        sts = TestSts.start(Files.createTempDirectory("irsa-tokens"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sts;
  }

  /** From now on, a default chain that starts resolving gets this role's credentials. */
  public static synchronized void asRole(Role role) {
    asRole(role, sts());
  }

  /**
   * The same with credentials from {@code sts} instead of the JVM's stand-in (e.g. one whose keys
   * last seconds, to play their expiry); {@link #asRole(Role)} goes back to the JVM's.
   */
  public static synchronized void asRole(Role role, TestSts sts) {
    sts.irsaSystemProperties(role).forEach(System::setProperty);
  }
}
