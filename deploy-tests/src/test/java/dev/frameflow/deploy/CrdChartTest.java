package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.frameflow.videojob.MetadataKeys;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The frameflow-crds chart installs exactly the CRD the operator generates into crds/ (its only
 * additions: the keep policy and chart labels), so `helm upgrade` ships CRD changes.
 */
class CrdChartTest {

  static final Path GENERATED = Repository.path("crds/videojobs.frameflow.dev-v1.yml");

  /**
   * A symbolic link to crds/: Helm cannot read outside the chart but follows links (and packages
   * their content).
   */
  static final Path CHART_FILE =
      HelmCharts.chart("frameflow-crds").resolve("files/videojobs.frameflow.dev-v1.yml");

  @Test
  void theChartReadsTheGeneratedFileItselfSoItCannotGoStale() throws IOException {
    assertThat(Files.isSymbolicLink(CHART_FILE)).as("%s is a symbolic link", CHART_FILE).isTrue();
    assertThat(CHART_FILE.toRealPath()).isEqualTo(GENERATED.toRealPath());
  }

  @Test
  void theRenderedCrdEqualsTheGeneratedOneApartFromTheKeepPolicyAndLabels() throws IOException {
    CustomResourceDefinition generated =
        Serialization.unmarshal(Files.readString(GENERATED), CustomResourceDefinition.class);
    CustomResourceDefinition rendered = renderedCrd(Map.of());

    assertThat(rendered.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(rendered.getMetadata().getLabels())
        .containsEntry(MetadataKeys.PART_OF, MetadataKeys.FRAMEFLOW);
    Map<String, String> added = new HashMap<>(rendered.getMetadata().getAnnotations());
    added.keySet().removeAll(generated.getMetadata().getAnnotations().keySet());
    assertThat(added).containsOnlyKeys("helm.sh/resource-policy");
    rendered.getMetadata().setAnnotations(generated.getMetadata().getAnnotations());
    rendered.getMetadata().setLabels(generated.getMetadata().getLabels());
    assertThat(rendered).isEqualTo(generated);
  }

  @Test
  void theKeepPolicyCanBeTurnedOffForThrowawayClusters() {
    assertThat(renderedCrd(Map.of("keepOnUninstall", false)).getMetadata().getAnnotations())
        .doesNotContainKey("helm.sh/resource-policy");
  }

  @Test
  void theCrdServesWhatTheOperatorRoleNames() {
    CustomResourceDefinition crd = renderedCrd(Map.of());

    assertThat(crd.getSpec().getGroup()).isEqualTo("frameflow.dev");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("videojobs");
    assertThat(crd.getSpec().getNames().getShortNames()).contains("vj");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getVersions())
        .filteredOn(v -> v.getServed() && v.getStorage())
        .singleElement()
        .satisfies(
            v -> assertThat(v.getSubresources().getStatus()).as("videojobs/status").isNotNull());
    assertThat(OperatorRbacTest.DOCUMENTED).contains("frameflow.dev/videojobs/status patch");
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult result = new Helm(HelmCharts.chart("frameflow-crds")).lint().strict().call();

    assertThat(result.getMessages()).filteredOn(m -> !m.startsWith("[INFO]")).isEmpty();
    assertThat(result.isFailed()).isFalse();
  }

  private static CustomResourceDefinition renderedCrd(Map<String, Object> sets) {
    return HelmCharts.template("frameflow-crds", sets)
        .one(CustomResourceDefinition.class, "videojobs.frameflow.dev");
  }
}
