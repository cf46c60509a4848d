package dev.frameflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root of the checkout the tests run in, found from the working directory (Maven: the module).
 */
public final class Checkout {

  private Checkout() {}

  public static Path root() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null
        && !(Files.exists(directory.resolve("mvnw"))
            && Files.isDirectory(directory.resolve("helm")))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      throw new IllegalStateException("the root of the checkout (mvnw, helm/) was not found");
    }
    return directory;
  }
}
