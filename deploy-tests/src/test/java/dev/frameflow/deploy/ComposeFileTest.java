package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** compose.yaml: the standalone mode beside PostgreSQL, MinIO and Mailpit containers. */
class ComposeFileTest {

  static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    Map<String, Object> compose =
        Serialization.unmarshal(Files.readString(Repository.path("compose.yaml")), Map.class);
    services = new java.util.LinkedHashMap<>();
    // Jackson does not expand YAML merge keys (<<: *hardened); Compose does: expand them here.
    ((Map<String, Map<String, Object>>) compose.get("services"))
        .forEach(
            (name, service) -> {
              Map<String, Object> expanded = new java.util.LinkedHashMap<>();
              Object merged = service.get("<<");
              if (merged instanceof Map<?, ?> anchor) {
                anchor.forEach((k, v) -> expanded.put((String) k, v));
              }
              service.forEach((k, v) -> expanded.merge(k, v, (a, b) -> b));
              expanded.remove("<<");
              services.put(name, expanded);
            });
  }

  @Test
  void theApplicationUsesTheDatabaseStoreAndMailContainers() {
    Map<String, Object> env = environment("frameflow");

    assertThat(services).containsKeys("postgresql", "minio", "mailpit", "frameflow");
    assertThat(env)
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgresql:5432/frameflow")
        .containsEntry("FRAMEFLOW_S3_ENDPOINT", "http://minio:9000")
        .containsEntry("SPRING_MAIL_HOST", "mailpit");
    assertThat((Map<String, Object>) services.get("frameflow").get("depends_on"))
        .containsKeys("postgresql", "buckets", "mailpit");
  }

  @Test
  void everyImageIsPinned() {
    services.forEach(
        (name, service) ->
            assertThat(Images.isPinned((String) service.get("image")))
                .as("%s image", name)
                .isTrue());
  }

  @Test
  void noPasswordIsWrittenInTheFile() {
    services.forEach(
        (name, service) ->
            environment(name).keySet().stream()
                .filter(key -> key.matches(".*(PASSWORD|SECRET).*"))
                .forEach(
                    key ->
                        assertThat(key)
                            .as("%s: %s is read from a file", name, key)
                            .endsWith("_FILE")));
  }

  @Test
  void everyContainerIsHardenedAndOnlyTheInitRunsAsRoot() {
    services.forEach(
        (name, service) -> {
          assertThat(service.get("read_only")).as("%s read_only", name).isEqualTo(true);
          assertThat((List<String>) service.get("cap_drop"))
              .as("%s cap_drop", name)
              .contains("ALL");
          assertThat((List<String>) service.get("security_opt")).contains("no-new-privileges:true");
          String user = (String) service.get("user");
          if (name.equals("init")) {
            assertThat((List<String>) service.get("cap_add")).containsExactly("CHOWN");
          } else {
            assertThat(user)
                .as("%s user", name)
                .isNotNull()
                .doesNotStartWith("0:")
                .isNotEqualTo("root");
          }
        });
  }

  @Test
  void portsListenOnLocalhostOnly() {
    services.values().stream()
        .filter(s -> s.containsKey("ports"))
        .flatMap(s -> ((List<String>) s.get("ports")).stream())
        .forEach(port -> assertThat(port).startsWith("127.0.0.1:"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(String service) {
    Object env = services.get(service).get("environment");
    return env == null ? Map.of() : (Map<String, Object>) env;
  }
}
