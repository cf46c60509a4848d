package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What ships can use IRSA: the AWS SDK's default chain trades a pod's web identity token at STS
 * only when the SDK's {@code sts} module is on the class path, and skips that step silently
 * otherwise (the pod then falls through to the node's instance profile, or has nothing). The tests
 * prove the path works (the services get their roles' keys from the STS stand-in); this proves the
 * images' jars carry it, which a test-scoped {@code sts} would not.
 */
class ShippedCredentialsConformanceTest {

  @ParameterizedTest
  @ValueSource(strings = {"api-gateway", "operator"})
  void theExecutableJarCarriesTheStsModule(String module) throws IOException {
    Path jar = execJar(module);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<String> sts =
          zip.stream()
              .map(entry -> entry.getName())
              .filter(name -> name.matches("BOOT-INF/lib/sts-[0-9.]+\\.jar"))
              .toList();
      assertThat(sts)
          .as("%s has no software.amazon.awssdk:sts at runtime: IRSA cannot work", jar)
          .hasSize(1);
    }
  }

  private static Path execJar(String module) throws IOException {
    try (Stream<Path> files = Files.list(Repository.path(module + "/target"))) {
      return files
          .filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new AssertionError(
                      module + "/target has no -exec.jar: package " + module + " first"));
    }
  }
}
