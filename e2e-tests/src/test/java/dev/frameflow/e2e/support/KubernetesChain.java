package dev.frameflow.e2e.support;

import com.icegreen.greenmail.util.GreenMail;
import dev.frameflow.gateway.ApiGatewayApplication;
import dev.frameflow.operator.OperatorApplication;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestPostgres;
import dev.frameflow.testing.TestRabbit;
import dev.frameflow.testing.TestSmtp;
import dev.frameflow.testing.aws.TestIrsa;
import dev.frameflow.testing.aws.TestSts.Role;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The production chain in one JVM: the api-gateway and the operator as their real Spring Boot
 * applications, PostgreSQL (embedded binaries), RabbitMQ (the real broker on 127.0.0.1:5672, in a
 * virtual host of its own), s3proxy, GreenMail, fabric8's mock Kubernetes API server, and the test
 * kubelet that runs the real extractor for every Job the operator creates. Started once per test
 * JVM; the operator can be stopped and started again while the rest keeps running.
 */
public final class KubernetesChain {

  public static final String VHOST = "frameflow-e2e";
  public static final String EXTRACTOR_IMAGE = "registry.example/frameflow/frame-extractor:e2e";

  private static KubernetesChain running;

  private final Path workDir;
  private final EmbeddedPostgres postgres;
  private final InProcessS3 s3;
  private final GreenMail mail;
  private final MockKubernetes kubernetes;
  private final TestKubelet kubelet;
  private ConfigurableApplicationContext gateway;
  private ConfigurableApplicationContext operator;
  private Settings settings;

  /**
   * What a test class sets differently from the chain's defaults, as each application's own
   * properties (they win over the defaults). A class that needs other settings gets the gateway or
   * the operator restarted with them; the next class asking for the defaults gets them back.
   *
   * @param gateway the api-gateway's properties, such as {@code frameflow.status.deadline}
   * @param operator the operator's, such as {@code frameflow.operator.max-concurrent-jobs}
   */
  public record Settings(Map<String, Object> gateway, Map<String, Object> operator) {
    public static final Settings DEFAULTS = new Settings(Map.of(), Map.of());

    public Settings {
      gateway = Map.copyOf(gateway);
      operator = Map.copyOf(operator);
    }
  }

  private KubernetesChain(Path workDir, Settings settings) throws IOException {
    this.workDir = workDir;
    this.settings = settings;
    TestRabbit.recreateVirtualHost(VHOST);
    postgres = TestPostgres.start();
    s3 = InProcessS3.start(workDir.resolve("s3"));
    mail = TestSmtp.start();
    kubernetes = MockKubernetes.start();
    kubelet = new TestKubelet(kubernetes.newClient(), workDir.resolve("pods")).start();
    startOperator();
    startGateway();
  }

  /** The chain with its default settings, started on first use, stopped when the JVM exits. */
  public static KubernetesChain get() {
    return get(Settings.DEFAULTS);
  }

  /**
   * The chain with {@code settings}: started with them on first use; otherwise the gateway or the
   * operator whose settings differ is restarted with them (the rest keeps running).
   */
  public static synchronized KubernetesChain get(Settings settings) {
    if (running == null) {
      try {
        running = new KubernetesChain(Files.createTempDirectory("frameflow-e2e"), settings);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(running::stopAll));
    } else {
      running.reconfigure(settings);
    }
    return running;
  }

  private synchronized void reconfigure(Settings wanted) {
    Settings was = settings;
    settings = wanted;
    if (!was.operator().equals(wanted.operator())) {
      stopOperator();
      startOperator();
    }
    if (!was.gateway().equals(wanted.gateway())) {
      gateway.close();
      startGateway();
    }
  }

  private void startGateway() {
    TestIrsa.asRole(Role.API_GATEWAY);
    gateway =
        new SpringApplicationBuilder(ApiGatewayApplication.class)
            .run(arguments(gatewayProperties()));
  }

  public FrameflowApi api() {
    return new FrameflowApi(this::gatewayPort);
  }

  public int gatewayPort() {
    return ((WebServerApplicationContext) gateway).getWebServer().getPort();
  }

  public GreenMail mail() {
    return mail;
  }

  public MockKubernetes kubernetes() {
    return kubernetes;
  }

  public TestKubelet kubelet() {
    return kubelet;
  }

  public Path workDir() {
    return workDir;
  }

  private static final int OPERATOR_ENDPOINT_PORT = freePort();

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public synchronized void startOperator() {
    // the operator builds its client from fabric8's standard configuration: point it at the mock
    System.setProperty("kubernetes.master", "http://127.0.0.1:" + kubernetes.port());
    System.setProperty("kubernetes.namespace", kubernetes.namespace());
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    // as its ServiceAccount: the mock server allows it what its RBAC allows
    System.setProperty("kubernetes.auth.token", MockKubernetes.operatorToken());
    // HTTP/1.1 to the mock server: the JDK client talking cleartext HTTP/2 to it can misread a
    // restarted operator's first list (MBs of VideoJobs) as an HTTP/2 frame
    System.setProperty("kubernetes.http2.disable", "true");
    // its AWS identity as IRSA gives it (resolved as it starts, so the gateway keeps its own)
    TestIrsa.asRole(Role.OPERATOR);
    operator =
        new SpringApplicationBuilder(OperatorApplication.class)
            .properties(operatorProperties())
            .run();
  }

  public synchronized void stopOperator() {
    operator.close();
  }

  /** Closes every client connection on the broker, as a broker restart or network cut would. */
  public static void closeAllBrokerConnections() {
    TestRabbit.closeAllConnections(VHOST, "e2e: simulated broker fault");
  }

  private Map<String, Object> gatewayProperties() {
    Map<String, Object> properties = new HashMap<>(commonProperties());
    properties.put("spring.config.location", ownApplicationYaml(ApiGatewayApplication.class));
    properties.put("spring.datasource.url", TestPostgres.jdbcUrl(postgres));
    properties.put("spring.datasource.username", "postgres");
    properties.put("frameflow.s3.upload-bucket", InProcessS3.UPLOADS);
    properties.put("frameflow.s3.result-bucket", InProcessS3.RESULTS);
    properties.put("spring.mail.host", "127.0.0.1");
    properties.put("spring.mail.port", mail.getSmtp().getPort());
    properties.put("frameflow.mail.mode", "smtp");
    properties.put("frameflow.mail.poll-interval", "200ms");
    // the gateway refuses to start without a signing key; a fresh secret per run
    properties.put(
        "frameflow.jwt.hmac-secret",
        java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID());
    // the tests count the notification emails: no verification mail in between
    properties.put("frameflow.registration.auto-verify", true);
    // the burst test uploads many videos at once for one user from 127.0.0.1
    properties.put("frameflow.upload.max-in-flight-per-user", 1000);
    properties.put("frameflow.registration.max-per-address", 100000);
    properties.putAll(settings.gateway());
    return properties;
  }

  private Map<String, Object> operatorProperties() {
    Map<String, Object> properties = new HashMap<>(commonProperties());
    properties.put("spring.config.location", ownApplicationYaml(OperatorApplication.class));
    properties.put("frameflow.operator.namespace", kubernetes.namespace());
    properties.put("frameflow.operator.extractor-image", EXTRACTOR_IMAGE);
    // the operator presigns each Job's URLs with its own role's credentials; the Jobs get none
    properties.put("frameflow.operator.max-concurrent-jobs", 6);
    properties.put("frameflow.operator.leader-election-enabled", false);
    // one port for every operator of the chain, as a cluster's Service is one address: a pod of a
    // Job created before an operator restart asks the next operator for its URLs
    properties.put("frameflow.operator.progress.port", OPERATOR_ENDPOINT_PORT);
    // one JVM holds both applications: the operator must not pick up the gateway's database,
    // security and mail auto-configuration from the shared classpath
    properties.put(
        "spring.autoconfigure.exclude",
        String.join(
            ",",
            List.of(
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
                "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration")));
    properties.putAll(settings.operator());
    return properties;
  }

  private Map<String, Object> commonProperties() {
    return Map.of(
        "server.port",
        0,
        "spring.rabbitmq.host",
        "127.0.0.1",
        "spring.rabbitmq.port",
        5672,
        "spring.rabbitmq.virtual-host",
        VHOST,
        "frameflow.s3.endpoint",
        s3.endpoint().toString(),
        "frameflow.s3.path-style",
        true,
        "frameflow.s3.region",
        "us-east-1");
  }

  /** As command-line arguments, which win over each application's own application.yml. */
  private static String[] arguments(Map<String, Object> properties) {
    return properties.entrySet().stream()
        .map(p -> "--" + p.getKey() + "=" + p.getValue())
        .toArray(String[]::new);
  }

  /**
   * Both applications ship an {@code application.yml}; on one classpath only the first would be
   * read, by both. Each context is pointed at the file from its own jar (or classes folder).
   */
  private static String ownApplicationYaml(Class<?> application) {
    String home = application.getProtectionDomain().getCodeSource().getLocation().toString();
    try {
      for (URL candidate :
          Collections.list(application.getClassLoader().getResources("application.yml"))) {
        String url = candidate.toString();
        if (url.startsWith(home) || url.startsWith("jar:" + home)) {
          return url;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no application.yml next to " + application.getName());
  }

  private void stopAll() {
    for (AutoCloseable part :
        new AutoCloseable[] {gateway, operator, kubelet, kubernetes, s3, postgres}) {
      try {
        part.close();
      } catch (Exception e) {
        // shutting down the JVM anyway: keep closing the rest
      }
    }
    mail.stop();
  }
}
