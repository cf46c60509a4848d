package dev.frameflow.standalone.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PostgreSQL for the standalone mode: the real server (zonky's embedded binaries) keeping its data
 * under a local directory, so a restart keeps users and videos. Same schema as production: the
 * api-gateway's Flyway migrations run against it.
 */
public final class LocalDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private LocalDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static LocalDatabase start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .start();
      return new LocalDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL in " + dataDirectory, e);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public String username() {
    return "postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
