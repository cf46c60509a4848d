package dev.frameflow.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** The post-processing step on a small generated CRD, independent of VideoJob's own. */
class CrdFinishingTest {

  @AdditionalPrinterColumn(name = "Second", jsonPath = ".status.b")
  @AdditionalPrinterColumn(name = "First", jsonPath = ".status.a")
  static final class Declared {}

  static final String GENERATED =
      CrdFinishing.HEADER
          + """
          apiVersion: "apiextensions.k8s.io/v1"
          kind: "CustomResourceDefinition"
          metadata:
            name: "things.example.dev"
          spec:
            group: "example.dev"
            names:
              kind: "Thing"
              plural: "things"
              singular: "thing"
            scope: "Namespaced"
            versions:
            - additionalPrinterColumns:
              - jsonPath: ".metadata.creationTimestamp"
                name: "Undeclared"
                priority: 0
                type: "date"
              - jsonPath: ".status.a"
                name: "First"
                priority: 0
                type: "string"
              - jsonPath: ".status.b"
                name: "Second"
                priority: 0
                type: "string"
              name: "v1"
              schema:
                openAPIV3Schema:
                  properties:
                    status:
                      properties:
                        conditions:
                          items:
                            properties:
                              lastTransitionTime:
                                type: "string"
                              message:
                                type: "string"
                              reason:
                                type: "string"
                              status:
                                type: "string"
                              type:
                                type: "string"
                            type: "object"
                          type: "array"
                      type: "object"
                  type: "object"
              served: true
              storage: true
          """;

  @Test
  void columnsFollowTheDeclarationOrderAndUndeclaredOnesGoLast() {
    CustomResourceDefinition crd = finished(GENERATED);
    assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .containsExactly("Second", "First", "Undeclared");
  }

  @Test
  void conditionsBecomeAListMapWithKubernetesValuesAndTimes() {
    var conditions =
        finished(GENERATED)
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status")
            .getProperties()
            .get("conditions");
    assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
    assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
    var item = conditions.getItems().getSchema();
    assertThat(item.getRequired()).containsExactly("status", "type");
    assertThat(item.getProperties().get("status").getEnum())
        .extracting(node -> node.asText())
        .containsExactly("True", "False", "Unknown");
    assertThat(item.getProperties().get("lastTransitionTime").getFormat()).isEqualTo("date-time");
    assertThat(item.getProperties().values())
        .allSatisfy(field -> assertThat(field.getDescription()).isNotBlank());
  }

  @Test
  void finishingTwiceChangesNothingAndKeepsTheGeneratorsHeader() {
    String once = CrdFinishing.finish(GENERATED, Declared.class);
    assertThat(once).startsWith(CrdFinishing.HEADER).doesNotContain("\n---");
    assertThat(CrdFinishing.finish(once, Declared.class)).isEqualTo(once);
  }

  private static CustomResourceDefinition finished(String yaml) {
    return Serialization.unmarshal(
        CrdFinishing.finish(yaml, Declared.class), CustomResourceDefinition.class);
  }
}
