package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every variable the chart and the overlays hand to the applications is one docs/configuration.md
 * names: a misspelt variable would silently fall back to its default.
 */
class DocumentedSettingsTest {

  /** Set for the JVM or the AWS SDK, not read by Frameflow's own settings. */
  static final Set<String> PLATFORM =
      Set.of("JAVA_TOOL_OPTIONS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

  private static final Pattern ROW = Pattern.compile("(?m)^\\| (`[A-Z][A-Z0-9_]*`[^|]*)\\|");
  private static final Pattern NAME = Pattern.compile("`(_?[A-Z][A-Z0-9_]*|_[A-Z0-9_]+)`");

  @Test
  void theChartSetsOnlyDocumentedVariables() throws IOException {
    assertThat(
            variables(HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.PROD_VALUES)))
        .isNotEmpty()
        .satisfies(set -> assertThat(undocumented(set)).as("undocumented").isEmpty());
    assertThat(
            variables(HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.KIND_VALUES)))
        .satisfies(set -> assertThat(undocumented(set)).as("undocumented").isEmpty());
  }

  @Test
  void theOverlaysSetOnlyDocumentedVariables() throws IOException {
    for (String env : new String[] {"kind", "dev", "prod"}) {
      assertThat(variables(Kustomize.build(KustomizeOverlaysTest.overlay(env))))
          .isNotEmpty()
          .satisfies(set -> assertThat(undocumented(set)).as("%s: undocumented", env).isEmpty());
    }
  }

  @Test
  void theDocumentIsReadAsExpected() throws IOException {
    assertThat(documented())
        .contains(
            "SPRING_RABBITMQ_PASSWORD", "FRAMEFLOW_OPERATOR_EXTRACTOR_IMAGE", "SPRING_MAIL_PORT")
        .doesNotContain("SPRING_RABBITMQ_HOST_PORT");
  }

  static Set<String> undocumented(java.util.Collection<? extends String> variables) {
    Set<String> missing = new TreeSet<>(variables);
    try {
      missing.removeAll(documented());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return missing;
  }

  /** Variables of Frameflow's containers: ConfigMap keys and env entries, minus platform ones. */
  static Set<String> variables(Manifests manifests) {
    Set<String> names = new TreeSet<>();
    manifests.all(ConfigMap.class).stream()
        .filter(
            cm ->
                cm.getMetadata()
                    .getName()
                    .matches("frameflow-(api-gateway|operator|frame-server).*"))
        .forEach(cm -> names.addAll(cm.getData().keySet()));
    manifests.all(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().startsWith("frameflow-"))
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
        .flatMap(c -> c.getEnv().stream())
        .map(EnvVar::getName)
        .forEach(names::add);
    names.removeAll(PLATFORM);
    return names;
  }

  /**
   * Names in the first column of docs/configuration.md's tables; "`A_B_C` / `_D`" means A_B_D too.
   */
  static Set<String> documented() throws IOException {
    String doc = Files.readString(Repository.path("docs/configuration.md"));
    Set<String> names = new TreeSet<>();
    Matcher row = ROW.matcher(doc);
    while (row.find()) {
      String full = null;
      Matcher name = NAME.matcher(row.group(1));
      while (name.find()) {
        String token = name.group(1);
        if (token.startsWith("_") && full != null) {
          names.add(full.substring(0, full.lastIndexOf('_')) + token);
        } else {
          full = token;
          names.add(token);
        }
      }
    }
    return names;
  }
}
