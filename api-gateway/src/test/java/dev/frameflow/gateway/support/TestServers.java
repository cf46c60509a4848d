package dev.frameflow.gateway.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real servers the tests talk to, started once per test JVM and shared by every test class:
 * PostgreSQL (zonky), an S3 server (s3proxy), SMTP (GreenMail), and a RabbitMQ virtual host of our
 * own on the broker at 127.0.0.1:5672 (so that other modules' tests sharing the broker never see
 * our messages, and closing "all connections" of our vhost touches only ours).
 */
public final class TestServers {

  public static final String S3_ACCESS_KEY = "gateway-it-access";
  public static final String S3_SECRET_KEY = "gateway-it-secret-key-not-a-real-one";
  public static final String UPLOAD_BUCKET = "it-uploads";
  public static final String RESULT_BUCKET = "it-results";
  public static final String RABBIT_VHOST = "frameflow-gateway-it";

  private static TestServers instance;
  private static Path jwtKeyFile;

  private final EmbeddedPostgres postgres;
  private final S3Proxy s3proxy;
  private final GreenMail greenMail;
  private final int smtpPort;

  private TestServers() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    Path s3Dir = Files.createTempDirectory("gateway-it-s3");
    for (String bucket : List.of(UPLOAD_BUCKET, RESULT_BUCKET)) {
      Files.createDirectories(s3Dir.resolve(bucket));
    }
    s3proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(s3Dir.toString()))
            .endpoint(URI.create("http://127.0.0.1:" + freePort()))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS_KEY, S3_SECRET_KEY)
            .ignoreUnknownHeaders(true)
            .build();
    s3proxy.start();
    while (!"STARTED".equals(s3proxy.getState())) {
      Thread.sleep(10);
    }
    smtpPort = freePort();
    greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    ensureRabbitVhost();
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
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public URI s3Endpoint() {
    return URI.create("http://127.0.0.1:" + s3proxy.getPort());
  }

  public S3Client s3Client() {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(s3Endpoint())
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3_ACCESS_KEY, S3_SECRET_KEY)))
        .build();
  }

  /** Points the application at the shared S3 server (both Spring contexts of the tests). */
  public void registerS3(org.springframework.test.context.DynamicPropertyRegistry registry) {
    registry.add("frameflow.s3.endpoint", () -> s3Endpoint().toString());
    registry.add("frameflow.s3.path-style", () -> "true");
    registry.add("frameflow.s3.access-key", () -> S3_ACCESS_KEY);
    registry.add("frameflow.s3.secret-key", () -> S3_SECRET_KEY);
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
    rabbitmqctl("close_all_connections", "-p", RABBIT_VHOST, "gateway test: simulated fault");
  }

  // a clean vhost per test JVM: no queues or messages left over from an earlier run
  private static void ensureRabbitVhost() {
    rabbitmqctl("delete_vhost", RABBIT_VHOST); // fails harmlessly when it does not exist
    rabbitmqctl("add_vhost", RABBIT_VHOST);
    rabbitmqctl("set_permissions", "-p", RABBIT_VHOST, "guest", ".*", ".*", ".*");
  }

  private static String rabbitmqctl(String... args) {
    String[] command = new String[args.length + 2];
    command[0] = "rabbitmqctl";
    command[1] = "-q";
    System.arraycopy(args, 0, command, 2, args.length);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("rabbitmqctl did not finish: " + String.join(" ", args));
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(
          "rabbitmqctl is needed by the tests (scripts/test installs RabbitMQ)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
