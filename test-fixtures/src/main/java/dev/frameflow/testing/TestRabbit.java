package dev.frameflow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real RabbitMQ on 127.0.0.1:5672 (scripts/test starts Debian's), administered with {@code
 * rabbitmqctl}: each test suite gets a virtual host of its own, so that modules sharing the broker
 * never see each other's messages and closing "all connections" of a vhost touches only its own.
 */
public final class TestRabbit {

  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5672;
  public static final String USERNAME = "guest";
  public static final String PASSWORD = "guest";

  private TestRabbit() {}

  /**
   * Deletes and re-creates the vhost, with full permissions for {@link #USERNAME}: no queue or
   * message is left over from an earlier run.
   */
  public static void recreateVirtualHost(String vhost) {
    rabbitmqctl("delete_vhost", vhost); // fails harmlessly when it does not exist
    rabbitmqctl("add_vhost", vhost);
    rabbitmqctl("set_permissions", "-p", vhost, USERNAME, ".*", ".*", ".*");
  }

  /** Closes every client connection of the vhost, as a broker restart or a network cut would. */
  public static void closeAllConnections(String vhost, String reason) {
    rabbitmqctl("close_all_connections", "-p", vhost, reason);
  }

  /** Runs {@code rabbitmqctl -q ARGS} and answers its output (failures are in the output). */
  public static String rabbitmqctl(String... args) {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " timed out");
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(
          "the tests need rabbitmqctl (scripts/test installs rabbitmq-server)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
