package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of production code says what it holds, in its {@code package-info.java}, and {@code
 * docs/architecture.md}'s package inventory is exactly those sentences: a package added, moved or
 * renamed without its line there fails here, with the section as it should read.
 */
class PackageInventoryTest {

  private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
  private static final String HEADING = "## Packages";

  @Test
  void everyProductionPackageSaysWhatItHolds() {
    List<String> silent = new ArrayList<>();
    packages()
        .forEach(
            (name, directory) -> {
              if (describe(directory).isEmpty()) {
                silent.add(name + " (" + Repository.ROOT.relativize(directory) + ")");
              }
            });
    assertThat(silent).as("packages without a package-info.java Javadoc").isEmpty();
  }

  @Test
  void theArchitectureDocumentListsEveryPackageAsItsPackageInfoDescribesIt() throws IOException {
    String document = Files.readString(Repository.path("docs/architecture.md"));
    int start = document.indexOf(HEADING + "\n");
    assertThat(start).as("docs/architecture.md has a section '%s'", HEADING).isNotNegative();
    int end = document.indexOf("\n## ", start + HEADING.length());
    String section = document.substring(start, end < 0 ? document.length() : end + 1).strip();

    assertThat(section)
        .as("docs/architecture.md's package inventory, as the package-info files describe it")
        .isEqualTo(expectedSection());
  }

  /** The inventory as it should read: a table per module, one row per package. */
  static String expectedSection() {
    StringBuilder section = new StringBuilder(HEADING).append("\n\n");
    section.append(
        "What each package of production code holds, from its `package-info.java` (checked by"
            + " `PackageInventoryTest`).\n");
    String module = null;
    for (Map.Entry<String, Path> entry : packages().entrySet()) {
      Path directory = entry.getValue();
      String owner = Repository.ROOT.relativize(directory).getName(0).toString();
      if (!owner.equals(module)) {
        module = owner;
        section.append("\n`").append(module).append("/`\n\n| package | holds |\n|---|---|\n");
      }
      section
          .append("| `")
          .append(entry.getKey())
          .append("` | ")
          .append(describe(directory))
          .append(" |\n");
    }
    return section.toString().strip();
  }

  /** Production packages by module, then by name: every directory with Java classes in it. */
  private static Map<String, Path> packages() {
    Map<String, Path> directories = new TreeMap<>(); // by "module package"
    try (Stream<Path> modules = Files.list(Repository.ROOT)) {
      for (Path sources :
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(sources)) {
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !f.getFileName().toString().equals("package-info.java"))
              .map(Path::getParent)
              .distinct()
              .forEach(
                  directory ->
                      directories.put(
                          Repository.ROOT.relativize(sources).getName(0)
                              + " "
                              + sources.relativize(directory).toString().replace('/', '.'),
                          directory));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Path> ordered = new java.util.LinkedHashMap<>();
    directories.forEach((key, dir) -> ordered.put(key.substring(key.indexOf(' ') + 1), dir));
    return ordered;
  }

  /** The package-info's Javadoc as one line of text, or "" without one. */
  private static String describe(Path directory) {
    Path info = directory.resolve("package-info.java");
    if (!Files.exists(info)) {
      return "";
    }
    try {
      Matcher javadoc = JAVADOC.matcher(Files.readString(info));
      if (!javadoc.find()) {
        return "";
      }
      return javadoc.group(1).replaceAll("(?m)^\\s*\\*\\s?", " ").replaceAll("\\s+", " ").strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
