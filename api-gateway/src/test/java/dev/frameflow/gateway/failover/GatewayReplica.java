package dev.frameflow.gateway.failover;

import dev.frameflow.gateway.ApiGatewayApplication;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.testing.TcpRelay;
import dev.frameflow.testing.TestRabbit;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One api-gateway replica in its own Spring context, reaching PostgreSQL, RabbitMQ and its clients
 * through relays of its own ({@link TcpRelay}, real sockets), so that {@link #kill()} can take it
 * off the network at once: its open transactions end when PostgreSQL sees their connections drop
 * (their row locks with them), its unconfirmed publishes are lost, the requests it is serving are
 * cut. Nothing is released gracefully, as when a pod's node dies.
 */
final class GatewayReplica implements AutoCloseable {

  final String name;
  private final TcpRelay database;
  private final TcpRelay broker;
  private final TcpRelay http;
  private final ConfigurableApplicationContext context;

  private GatewayReplica(
      String name,
      TcpRelay database,
      TcpRelay broker,
      TcpRelay http,
      ConfigurableApplicationContext context) {
    this.name = name;
    this.database = database;
    this.broker = broker;
    this.http = http;
    this.context = context;
  }

  /** A replica on this PostgreSQL port and RabbitMQ virtual host, with the suite's test servers. */
  static GatewayReplica start(String name, int postgresPort, String vhost) {
    TcpRelay database = TcpRelay.to(postgresPort);
    TcpRelay broker = TcpRelay.to(TestRabbit.PORT);
    TcpRelay http = TcpRelay.to();
    TestServers servers = TestServers.get();
    Map<String, Object> p = new HashMap<>();
    p.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + database.port() + "/postgres");
    p.put("spring.datasource.username", "postgres");
    p.put("spring.datasource.password", "postgres");
    p.put("spring.rabbitmq.host", "127.0.0.1");
    p.put("spring.rabbitmq.port", String.valueOf(broker.port()));
    p.put("spring.rabbitmq.virtual-host", vhost);
    p.put("frameflow.s3.endpoint", servers.s3Endpoint().toString());
    p.put("frameflow.s3.path-style", "true");
    p.put("frameflow.s3.upload-bucket", TestServers.UPLOAD_BUCKET);
    p.put("frameflow.s3.result-bucket", TestServers.RESULT_BUCKET);
    // both replicas sign with the same key, as a Deployment's pods do: a token works on either
    p.put("frameflow.jwt.private-key-file", TestServers.jwtKeyFile().toString());
    p.put("spring.mail.host", "127.0.0.1");
    p.put("spring.mail.port", String.valueOf(servers.smtpPort()));
    p.put("frameflow.outbox.poll-interval", "100ms");
    p.put("frameflow.outbox.first-retry-delay", "200ms");
    p.put("frameflow.outbox.max-retry-delay", "2s");
    p.put("frameflow.outbox.confirm-timeout", "3s");
    p.put("frameflow.outbox.batch-size", String.valueOf(GatewayFailoverIT.OUTBOX_BATCH));
    p.put("frameflow.outbound.allowed-networks", "127.0.0.1/32");
    p.put("frameflow.webhooks.poll-interval", "100ms");
    p.put("frameflow.webhooks.first-retry-delay", "200ms");
    p.put("frameflow.webhooks.attempt-deadline", "2s");
    p.put("frameflow.webhooks.workers", String.valueOf(GatewayFailoverIT.WEBHOOK_WORKERS));
    p.put("frameflow.registration.auto-verify", "true");
    p.put("frameflow.registration.max-per-address", "100000");
    p.put("frameflow.upload.max-in-flight-per-user", "1000");
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ApiGatewayApplication.class)
            .properties(p)
            .run("--server.port=0", "--spring.application.name=gateway-" + name);
    http.add(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    return new GatewayReplica(name, database, broker, http, context);
  }

  /** Where clients reach this replica (through its relay: cut when it dies). */
  String url() {
    return http.url();
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  double counter(String name, String... tags) {
    var counter = bean(MeterRegistry.class).find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * Dies: off the network first (nothing more reaches PostgreSQL, the broker or a client), then its
   * threads are stopped in the background (whatever they still try fails).
   */
  void kill() {
    http.cut();
    database.cut();
    broker.cut();
    Thread stopper = new Thread(this::closeQuietly, "killed-gateway-" + name);
    stopper.setDaemon(true);
    stopper.start();
  }

  private void closeQuietly() {
    try {
      context.close();
    } catch (RuntimeException e) {
      // it is dead already; its shutdown has nobody to talk to
    }
  }

  @Override
  public void close() {
    closeQuietly();
    http.close();
    database.close();
    broker.close();
  }
}
