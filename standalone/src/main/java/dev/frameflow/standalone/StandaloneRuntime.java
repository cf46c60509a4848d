package dev.frameflow.standalone;

import dev.frameflow.gateway.ApiGatewayApplication;
import dev.frameflow.standalone.database.LocalDatabase;
import dev.frameflow.standalone.execution.ExecutionConfiguration;
import dev.frameflow.standalone.frames.FrameRenderingConfiguration;
import dev.frameflow.standalone.objectstore.LocalObjectStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Starts the whole product in this process: PostgreSQL and the S3-compatible store first (the
 * api-gateway needs both to start), then the api-gateway itself with the in-process executor in
 * place of RabbitMQ and the operator, and mail written to a local mailbox. Closing stops them in
 * the reverse order.
 */
public final class StandaloneRuntime implements AutoCloseable {

  static final String UPLOAD_BUCKET = "frameflow-uploads";
  static final String RESULT_BUCKET = "frameflow-results";

  private final LocalDatabase database;
  private final LocalObjectStore objectStore;
  private final ConfigurableApplicationContext application;

  private StandaloneRuntime(
      LocalDatabase database,
      LocalObjectStore objectStore,
      ConfigurableApplicationContext application) {
    this.database = database;
    this.objectStore = objectStore;
    this.application = application;
  }

  /**
   * @param settings defaults for this run; environment variables and {@code args} override them
   */
  public static StandaloneRuntime start(Settings settings, String... args) {
    Path dataDir = settings.dataDir().toAbsolutePath();
    LocalDatabase database = null;
    LocalObjectStore objectStore = null;
    try {
      Map<String, Object> defaults = new HashMap<>(settings.extraProperties());
      if (!settings.externalDatabase()) {
        database = LocalDatabase.start(dataDir.resolve("postgres"));
        defaults.put("spring.datasource.url", database.jdbcUrl());
        defaults.put("spring.datasource.username", database.username());
      }
      if (!settings.externalObjectStore()) {
        objectStore =
            LocalObjectStore.start(
                dataDir.resolve("objects"),
                settings.objectStorePort(),
                List.of(UPLOAD_BUCKET, RESULT_BUCKET));
        defaults.put("frameflow.s3.endpoint", objectStore.endpoint().toString());
        defaults.put("frameflow.s3.path-style", "true");
        defaults.put("frameflow.s3.access-key", objectStore.accessKey());
        defaults.put("frameflow.s3.secret-key", objectStore.secretKey());
        defaults.put("frameflow.s3.upload-bucket", UPLOAD_BUCKET);
        defaults.put("frameflow.s3.result-bucket", RESULT_BUCKET);
      }
      defaults.put("frameflow.standalone.data-dir", dataDir.toString());
      defaults.put("frameflow.messaging.mode", "in-process");
      // frames on demand rendered in this JVM (no frame-server process)
      defaults.putIfAbsent("frameflow.frames.mode", "in-process");
      defaults.put("frameflow.jwt.private-key-file", LocalSigningKey.ensure(dataDir).toString());
      defaults.putIfAbsent("frameflow.mail.mode", settings.smtpConfigured() ? "smtp" : "mailbox");
      // one machine, mail in a local folder: new addresses count as verified at once, so the
      // README's walk-through (register, log in, upload, get the email) needs no extra step
      defaults.putIfAbsent("frameflow.registration.auto-verify", "true");
      defaults.put("frameflow.mail.mailbox-dir", dataDir.resolve("mailbox").toString());
      defaults.put("management.health.rabbit.enabled", "false");
      defaults.put(
          "spring.autoconfigure.exclude",
          "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration");
      ConfigurableApplicationContext application =
          new SpringApplicationBuilder(ApiGatewayApplication.class, StandaloneConfiguration.class)
              .properties(defaults)
              .registerShutdownHook(false)
              .run(withPort(settings.httpPort(), args));
      return new StandaloneRuntime(database, objectStore, application);
    } catch (RuntimeException e) {
      closeAll(objectStore, database);
      throw e;
    }
  }

  private static void closeAll(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part != null) {
        try {
          part.close();
        } catch (Exception e) {
          // already failing or stopping: close the rest
        }
      }
    }
  }

  /** The port is also set in the api-gateway's application.yml: only an argument overrides it. */
  private static String[] withPort(int port, String[] args) {
    if (java.util.Arrays.stream(args).anyMatch(arg -> arg.startsWith("--server.port="))) {
      return args;
    }
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = "--server.port=" + port;
    return all;
  }

  public int httpPort() {
    return ((WebServerApplicationContext) application).getWebServer().getPort();
  }

  public ConfigurableApplicationContext application() {
    return application;
  }

  @Override
  public void close() {
    closeAll(application, objectStore, database);
  }

  /**
   * What a run starts with; {@code 0} ports pick a free one. A database or object store configured
   * from outside (Docker Compose gives PostgreSQL and MinIO) replaces the embedded one.
   */
  public record Settings(
      Path dataDir,
      int httpPort,
      int objectStorePort,
      boolean smtpConfigured,
      boolean externalDatabase,
      boolean externalObjectStore,
      Map<String, Object> extraProperties) {

    /** Everything embedded, nothing from outside: what tests and a bare machine get. */
    public static Settings embedded(Path dataDir, Map<String, Object> extraProperties) {
      return new Settings(dataDir, 0, 0, false, false, false, extraProperties);
    }

    public static Settings fromEnvironment(Map<String, String> env) {
      return new Settings(
          Path.of(env.getOrDefault("FRAMEFLOW_STANDALONE_DATA_DIR", ".frameflow")),
          Integer.parseInt(env.getOrDefault("SERVER_PORT", "8080")),
          Integer.parseInt(env.getOrDefault("FRAMEFLOW_STANDALONE_OBJECT_STORE_PORT", "0")),
          env.containsKey("SPRING_MAIL_HOST"),
          env.containsKey("SPRING_DATASOURCE_URL"),
          env.containsKey("FRAMEFLOW_S3_ENDPOINT"),
          Map.of());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(StandaloneProperties.class)
  @Import({ExecutionConfiguration.class, FrameRenderingConfiguration.class, ReadyBanner.class})
  static class StandaloneConfiguration {}
}
