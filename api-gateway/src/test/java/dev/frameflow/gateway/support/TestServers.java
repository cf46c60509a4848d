package dev.frameflow.gateway.support;

import com.icegreen.greenmail.util.GreenMail;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestPostgres;
import dev.frameflow.testing.TestRabbit;
import dev.frameflow.testing.TestSmtp;
import dev.frameflow.testing.aws.TestIrsa;
import dev.frameflow.testing.aws.TestSts.Role;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real servers the tests talk to, started once per test JVM and shared by every test class:
 * PostgreSQL (zonky), an S3 server (s3proxy) with STS for the gateway's IRSA role, SMTP
 * (GreenMail), and a RabbitMQ virtual host of our own on the broker at 127.0.0.1:5672 (so that
 * other modules' tests sharing the broker never see our messages, and closing "all connections" of
 * our vhost touches only ours). The servers themselves come from the test-fixtures module; what is
 * here is the gateway's Spring glue.
 */
public final class TestServers {

  public static final String S3_ACCESS_KEY = InProcessS3.ACCESS_KEY;
  public static final String S3_SECRET_KEY = InProcessS3.SECRET_KEY;
  public static final String UPLOAD_BUCKET = "it-uploads";
  public static final String RESULT_BUCKET = "it-results";
  // one per test JVM: engineers' suites run side by side on one broker, and a suite that re-creates
  // a shared vhost pulls it from under another's running gateway
  public static final String RABBIT_VHOST = "frameflow-gateway-it-" + ProcessHandle.current().pid();

  private static TestServers instance;
  private static Path jwtKeyFile;

  private final EmbeddedPostgres postgres;
  private final InProcessS3 s3;
  private final GreenMail greenMail;
  private final int smtpPort; // kept: a test stops and restarts the server on the same port

  private TestServers() throws Exception {
    postgres = TestPostgres.start();
    s3 =
        InProcessS3.start(Files.createTempDirectory("gateway-it-s3"), UPLOAD_BUCKET, RESULT_BUCKET);
    greenMail = TestSmtp.start();
    // the gateway's AWS identity, as IRSA gives it on EKS: its role, through STS, for minutes
    TestIrsa.asRole(Role.API_GATEWAY);
    smtpPort = greenMail.getSmtp().getPort();
    // a clean vhost per test JVM: no queues or messages left over from an earlier run
    TestRabbit.recreateVirtualHost(RABBIT_VHOST);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> TestRabbit.rabbitmqctl("delete_vhost", RABBIT_VHOST), "vhost-cleanup"));
  }

  public static synchronized TestServers get() {
    if (instance == null) {
      try {
        instance = new TestServers();
      } catch (Exception e) {
        throw new IllegalStateException("could not start the test servers", e);
      }
    }
    return instance;
  }

  public String jdbcUrl() {
    return TestPostgres.jdbcUrl(postgres);
  }

  public URI s3Endpoint() {
    return s3.endpoint();
  }

  /** A new client of the shared S3 server; the caller may close it. */
  public S3Client s3Client() {
    return s3.client();
  }

  /** Points the application at the shared S3 server (both Spring contexts of the tests). */
  public void registerS3(org.springframework.test.context.DynamicPropertyRegistry registry) {
    registry.add("frameflow.s3.endpoint", () -> s3Endpoint().toString());
    registry.add("frameflow.s3.path-style", () -> "true");
    registry.add("frameflow.s3.upload-bucket", () -> UPLOAD_BUCKET);
    registry.add("frameflow.s3.result-bucket", () -> RESULT_BUCKET);
    registry.add("frameflow.jwt.private-key-file", () -> jwtKeyFile().toString());
  }

  /**
   * A JWT signing key file for the test contexts (the gateway refuses to start without one); one
   * per test JVM.
   */
  public static synchronized Path jwtKeyFile() {
    if (jwtKeyFile == null) {
      try {
        byte[] der =
            java.security.KeyPairGenerator.getInstance("Ed25519")
                .generateKeyPair()
                .getPrivate()
                .getEncoded();
        jwtKeyFile = Files.createTempFile("gateway-it-jwt", ".pem");
        Files.writeString(
            jwtKeyFile,
            "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n");
      } catch (Exception e) {
        throw new IllegalStateException("could not write a JWT key for the tests", e);
      }
    }
    return jwtKeyFile;
  }

  public GreenMail greenMail() {
    return greenMail;
  }

  public int smtpPort() {
    return smtpPort;
  }

  /** Closes every client connection of our virtual host, as a network fault would. */
  public static void closeAllRabbitConnections() {
    TestRabbit.closeAllConnections(RABBIT_VHOST, "gateway test: simulated fault");
  }
}
