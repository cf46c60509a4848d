package dev.frameflow.testing.conformance;

import dev.frameflow.testing.Checkout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the metric names of a Prometheus scrape to {@code <conformance dir>/metrics/<service>.txt}
 * (docs/conformance.md), merged with what an earlier run of the same JVM wrote there. The directory
 * is {@code frameflow.conformance.dir}, else {@code target/conformance} at the root of the
 * checkout.
 */
public final class ScrapedMetricNames {

  private ScrapedMetricNames() {}

  /** Sample names and the names of # TYPE lines (a histogram's base name as well as _bucket). */
  public static Set<String> of(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        names.add(line.split(" ")[2]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int end = line.indexOf('{');
        names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
      }
    }
    return names;
  }

  public static Path write(String service, String exposition) throws IOException {
    Path file = directory().resolve("metrics").resolve(service + ".txt");
    Files.createDirectories(file.getParent());
    Set<String> names = of(exposition);
    if (Files.exists(file)) {
      names.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      names.remove("");
    }
    Files.write(file, names, StandardCharsets.UTF_8);
    return file;
  }

  private static Path directory() {
    String configured = System.getProperty(ConformanceLog.DIRECTORY_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Checkout.root().resolve("target/conformance");
  }
}
