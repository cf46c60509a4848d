package dev.frameflow.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ExtractionLimits;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD under crds/ is what Helm and Argo CD apply; it must be exactly what the build generates
 * from the Java classes.
 */
class CommittedCrdTest {

  static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/videojobs.frameflow.dev-v1.yml");
  static final Path COMMITTED = Path.of("../crds/videojobs.frameflow.dev-v1.yml");

  @Test
  void theCommittedCrdIsTheGeneratedOne() throws Exception {
    assertThat(GENERATED).as("the CRD generator ran at process-classes").exists();
    assertThat(Files.readString(COMMITTED))
        .as(
            "crds/videojobs.frameflow.dev-v1.yml is stale; refresh it with: "
                + "./mvnw -pl videojob-api -am process-classes && cp videojob-api/%s crds/",
            GENERATED)
        .isEqualTo(Files.readString(GENERATED));
  }

  @Test
  void theCrdIsWhatKubectlUsersExpect() throws Exception {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getGroup()).isEqualTo("frameflow.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("vj");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("frameflow");
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Video", "Phase", "Frames", "Age");
    var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getRequired()).contains("videoId", "owner", "source", "output", "extraction");
    var extraction = spec.getProperties().get("extraction");
    assertThat(extraction.getXKubernetesValidations())
        .anySatisfy(rule -> assertThat(rule.getRule()).contains("fps", "intervalSeconds"))
        .anySatisfy(rule -> assertThat(rule.getRule()).contains("self.end > self.start"));
    assertThat(extraction.getProperties().get("format").getEnum())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("\"jpeg\"", "\"png\"", "\"webp\"");
    assertThat(extraction.getProperties().get("quality").getMinimum()).isEqualTo(2.0);
    // the contract's bounds, the same ones the api-gateway and the extractor apply
    assertThat(extraction.getProperties().get("intervalSeconds").getMinimum())
        .isEqualTo(ExtractionLimits.MIN_INTERVAL_SECONDS);
    assertThat(extraction.getProperties().get("width").getMaximum())
        .isEqualTo((double) ExtractionLimits.MAX_WIDTH);
    assertThat(extraction.getProperties().get("maxFrames").getMaximum())
        .isEqualTo((double) ExtractionLimits.MAX_FRAMES);
    assertThat(spec.getProperties().get("retries").getMinimum()).isEqualTo(0.0);
  }

  @Test
  void kubectlShowsPhaseProgressFramesAndAgeAndWideAddsReasonAndMessage() throws Exception {
    var version = crd().getSpec().getVersions().get(0);
    var columns = version.getAdditionalPrinterColumns();
    // in the order VideoJob declares them (CrdFinishing undoes the generator's JSONPath order)
    assertThat(columns.stream().map(c -> c.getName()))
        .containsExactly(
            "Phase",
            "Progress",
            "Frames",
            "Age",
            "Slices",
            "Queue",
            "Est. start",
            "Own queue",
            "Reason",
            "Message",
            "Video",
            "Attempts");
    assertThat(columns.stream().filter(c -> c.getPriority() == 0).map(c -> c.getName()))
        .containsExactly("Phase", "Progress", "Frames", "Age", "Slices", "Queue", "Est. start");
    assertThat(columns.stream().filter(c -> c.getPriority() == 1).map(c -> c.getName()))
        .containsExactly("Own queue", "Reason", "Message", "Video", "Attempts");
    // a waiting VideoJob's place and estimated start (issue 28)
    assertThat(columns)
        .filteredOn(c -> c.getName().equals("Queue"))
        .singleElement()
        .satisfies(c -> assertThat(c.getJsonPath()).isEqualTo(".status.queuePosition"));
    assertThat(columns)
        .filteredOn(c -> c.getName().equals("Frames"))
        .singleElement()
        .satisfies(c -> assertThat(c.getJsonPath()).isEqualTo(".status.framesWritten"));
    assertThat(columns)
        .filteredOn(c -> c.getName().equals("Reason"))
        .singleElement()
        .satisfies(c -> assertThat(c.getJsonPath()).contains("@.type==\"Failed\"", "reason"));
  }

  @Test
  void conditionsAreAListMapKeyedByTypeAsKubernetesDeclaresItsOwn() throws Exception {
    var conditions = statusField("conditions");
    assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
    assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
    var item = conditions.getItems().getSchema();
    assertThat(item.getRequired()).as("a list-map key must be required").contains("type");
    assertThat(item.getProperties().get("status").getEnum())
        .extracting(Object::toString)
        .containsExactly("\"True\"", "\"False\"", "\"Unknown\"");
    assertThat(item.getProperties().get("lastTransitionTime").getFormat()).isEqualTo("date-time");
    assertThat(statusField("framesWritten")).isNotNull();
  }

  @Test
  void theSpecIsImmutableAndEveryFieldIsDescribed() throws Exception {
    var schema = crd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    var spec = schema.getProperties().get("spec");
    assertThat(spec.getXKubernetesValidations())
        .anySatisfy(rule -> assertThat(rule.getRule()).isEqualTo("self == oldSelf"));
    assertThat(spec.getProperties().get("owner").getProperties())
        .as("the owner's email stays out of etcd")
        .containsOnlyKeys("userId");
    assertThat(spec.getProperties()).containsKey("ttlSecondsAfterFinished");
    assertThat(schema.getProperties().get("status").getProperties())
        .containsKeys("progressPercent", "progressTime");
    java.util.List<String> undescribed = new java.util.ArrayList<>();
    for (String part : java.util.List.of("spec", "status")) {
      undescribedFields(part, schema.getProperties().get(part), undescribed);
    }
    assertThat(undescribed).as("fields without a description (kubectl explain)").isEmpty();
  }

  @Test
  void theTracedSlicePodsAreBoundedAsTheCodeBoundsThem() throws Exception {
    var field = statusField("tracedSlicePods");

    assertThat(field.getType()).isEqualTo("object");
    assertThat(field.getMaxProperties()).isEqualTo(VideoJobStatus.MAX_TRACED_SLICE_PODS);
    assertThat(field.getAdditionalProperties().getSchema().getType()).isEqualTo("integer");
  }

  private static void undescribedFields(
      String path, JSONSchemaProps props, java.util.List<String> undescribed) {
    if (props.getProperties() == null || path.endsWith(".conditions")) {
      return; // conditions: Kubernetes' own Condition type
    }
    props
        .getProperties()
        .forEach(
            (name, child) -> {
              String childPath = path + "." + name;
              if (child.getDescription() == null || child.getDescription().isBlank()) {
                undescribed.add(childPath);
              }
              undescribedFields(childPath, child, undescribed);
            });
  }

  /** The committed CRD's schema of {@code status.<name>}; null when it declares none. */
  private static JSONSchemaProps statusField(String name) throws Exception {
    return crd()
        .getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("status")
        .getProperties()
        .get(name);
  }

  private static CustomResourceDefinition crd() throws Exception {
    return Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
  }
}
