package dev.frameflow.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths inside the repository, found from the test's working directory (Maven: the module). */
final class Repository {

  static final Path ROOT = findRoot();

  private Repository() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("helm")) && Files.exists(dir.resolve("mvnw"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("repository root (with mvnw and helm/) not found");
  }
}
