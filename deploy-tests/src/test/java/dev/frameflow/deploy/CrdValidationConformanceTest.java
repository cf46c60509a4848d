package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.deploy.CrdValidation.Violation;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The VideoJob CRD's CEL rules ({@code x-kubernetes-validations}, read from the committed
 * crds/videojobs.frameflow.dev-v1.yml that Helm and Argo CD apply) evaluated as the API server
 * evaluates them ({@link CrdValidation}): what a {@code kubectl apply} of a VideoJob is answered.
 * Every extraction mode alone is accepted; two modes, options without their mode, an end before the
 * start and times past the video's possible length are refused at spec.extraction with the rule's
 * message; once created, the spec cannot change, while status and metadata can.
 */
class CrdValidationConformanceTest {

  static final CrdValidation CRD = CrdValidation.of(CrdChartTest.GENERATED);

  private static final String EXTRACTION = "spec.extraction";
  private static final String INVALID = "Invalid value";

  /** A VideoJob as the api-gateway creates it, with this spec.extraction (YAML flow mapping). */
  static String videoJob(String extraction) {
    return """
        apiVersion: frameflow.dev/v1alpha1
        kind: VideoJob
        metadata:
          name: video-3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10
          namespace: frameflow
        spec:
          videoId: 3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10
          owner: {userId: 8d0e3c1a-2b4f-4e5a-9c6d-7e8f9a0b1c2d}
          source: {bucket: frameflow-uploads, key: videos/3f1c8a0e/source}
          output: {bucket: frameflow-results, key: videos/3f1c8a0e/frames.zip}
          extraction: %s
        """
        .formatted(extraction);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parsed(String yaml) {
    return Serialization.unmarshal(yaml, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> at(Map<String, Object> object, String key) {
    return (Map<String, Object>) object.get(key);
  }

  private static Violation onExtraction(String message) {
    return new Violation(EXTRACTION, INVALID, "\"object\": " + message);
  }

  @Test
  void everyRuleAtEveryLevelOfTheCommittedCrdCompiles() throws IOException {
    String yaml = Files.readString(CrdChartTest.GENERATED);
    long declared = Pattern.compile("(?m)^\\s*(- )?rule: ").matcher(yaml).results().count();

    assertThat(CRD.rules())
        .as("every rule: line of %s is a rule compiled here", CrdChartTest.GENERATED)
        .hasSize((int) declared)
        .hasSizeGreaterThanOrEqualTo(7);
    assertThat(CRD.rules())
        .extracting(CrdValidation.CompiledRule::schemaPath)
        .anyMatch(p -> p.startsWith("openAPIV3Schema.properties[spec].x-kubernetes-validations["))
        .anyMatch(
            p ->
                p.startsWith(
                    "openAPIV3Schema.properties[spec].properties[extraction]"
                        + ".x-kubernetes-validations["));
  }

  @Test
  void aRuleThatDoesNotCompileFailsWithItsPath() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(CrdChartTest.GENERATED), CustomResourceDefinition.class);
    var extraction =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec")
            .getProperties()
            .get("extraction");
    int index = extraction.getXKubernetesValidations().size();
    extraction
        .getXKubernetesValidations()
        .add(new ValidationRule(null, "broken", null, null, null, "has(self.fps) &&"));

    assertThatThrownBy(() -> CrdValidation.of(crd))
        .hasMessageContaining(
            "openAPIV3Schema.properties[spec].properties[extraction].x-kubernetes-validations["
                + index
                + "].rule")
        .hasMessageContaining("has(self.fps) &&")
        .hasMessageContaining("compilation failed");
  }

  @Test
  void messageExpressionFieldPathAndReasonAreReportedAsTheApiServerReportsThem()
      throws IOException {
    // rules the CRD does not have (yet), to pin how the evaluator reports what it may get
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(CrdChartTest.GENERATED), CustomResourceDefinition.class);
    var extraction =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec")
            .getProperties()
            .get("extraction");
    extraction
        .getXKubernetesValidations()
        .add(
            new ValidationRule(
                ".width",
                "an even width",
                "'width ' + string(self.width) + ' is odd: x264 needs an even one'",
                null,
                "FieldValueForbidden",
                "!has(self.width) || self.width % 2 == 0"));
    extraction
        .getXKubernetesValidations()
        .add(
            new ValidationRule(
                null, null, null, null, null, "!has(self.quality) || self.quality < 30"));
    CrdValidation withMore = CrdValidation.of(crd);

    assertThat(withMore.create(videoJob("{fps: 1, width: 641, quality: 30}")))
        .containsExactlyInAnyOrder(
            new Violation(
                "spec.extraction.width", "Forbidden", "width 641 is odd: x264 needs an even one"),
            onExtraction("failed rule: !has(self.quality) || self.quality < 30"));
  }

  @ParameterizedTest(name = "extraction: {0}")
  @ValueSource(
      strings = {
        "{fps: 1.0, format: jpeg, quality: 3}",
        "{fps: 30}",
        "{intervalSeconds: 10}",
        "{intervalSeconds: 0.5, maxFrames: 100, width: 640}",
        "{count: 12}",
        "{count: 12, start: 5, end: 65}",
        "{timestamps: ['12.5', '50%', '100%', '86400']}",
        "{keyframes: true}",
        "{keyframes: true, minIntervalSeconds: 2}",
        "{scene: true}",
        "{scene: true, sceneThreshold: 0.4, minIntervalSeconds: 1}",
        "{}",
        "{format: png, start: 10, end: 20.5}",
        "{fps: 2, keyframes: false, scene: false}",
        "{fps: 1, storyboard: {intervalSeconds: 5, columns: 4, rows: 4}, contactSheet: true}",
        "{format: webp, intervalSeconds: 86400}"
      })
  void aVideoJobWithOneModeIsCreated(String extraction) {
    assertThat(CRD.create(videoJob(extraction))).isEmpty();
  }

  @ParameterizedTest(name = "extraction: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // two modes at once
        "{fps: 1, intervalSeconds: 10}        | give either fps or intervalSeconds, not both",
        "{fps: 1, count: 10}                  | give only one of fps, intervalSeconds, count, timestamps, keyframes, scene",
        "{intervalSeconds: 5, timestamps: ['1']} | give only one of fps, intervalSeconds, count, timestamps, keyframes, scene",
        "{count: 3, keyframes: true}          | give only one of fps, intervalSeconds, count, timestamps, keyframes, scene",
        "{keyframes: true, scene: true}       | give only one of fps, intervalSeconds, count, timestamps, keyframes, scene",
        "{timestamps: ['1'], scene: true}     | give only one of fps, intervalSeconds, count, timestamps, keyframes, scene",
        // an option without the mode it belongs to
        "{fps: 1, minIntervalSeconds: 2}      | minIntervalSeconds goes with keyframes or scene",
        "{keyframes: false, minIntervalSeconds: 2} | minIntervalSeconds goes with keyframes or scene",
        "{sceneThreshold: 0.5}                | sceneThreshold goes with scene",
        "{keyframes: true, sceneThreshold: 0.5} | sceneThreshold goes with scene",
        // a range the schema's bounds alone cannot state
        "{fps: 1, start: 60, end: 30}         | end must be after start",
        "{count: 5, start: 30, end: 30}       | end must be after start",
        "{timestamps: ['150%']}               | timestamps: seconds must be at most 86400 and percentages at most 100",
        "{timestamps: ['12', '90000']}        | timestamps: seconds must be at most 86400 and percentages at most 100",
      })
  void aVideoJobBreakingAnExtractionRuleIsRefusedWithItsMessage(String extraction, String message) {
    assertThat(CRD.create(videoJob(extraction))).containsExactly(onExtraction(message));
  }

  @Test
  void twoBrokenRulesAreBothReportedAsTheApiServerListsThem() {
    List<Violation> violations =
        CRD.create(videoJob("{fps: 1, intervalSeconds: 2, start: 9, end: 3, sceneThreshold: 1}"));

    assertThat(violations)
        .extracting(Violation::toString)
        .containsExactlyInAnyOrder(
            "spec.extraction: Invalid value: \"object\": give either fps or intervalSeconds, not both",
            "spec.extraction: Invalid value: \"object\": end must be after start",
            "spec.extraction: Invalid value: \"object\": sceneThreshold goes with scene");
  }

  @Test
  void integersInNumberFieldsCompareAsTheApiServerComparesThem() {
    // JSON 30 in a `number` field is the double 30.0 for CEL: comparable with 29.5
    assertThat(CRD.create(videoJob("{count: 5, start: 29.5, end: 30}"))).isEmpty();
    assertThat(CRD.create(videoJob("{count: 5, start: 30, end: 29.5}")))
        .containsExactly(onExtraction("end must be after start"));
  }

  @Test
  void theSpecIsImmutableRuleIsATransitionRuleNotRunOnCreate() {
    assertThat(CRD.rules())
        .filteredOn(CrdValidation.CompiledRule::transition)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.schemaPath()).startsWith("openAPIV3Schema.properties[spec].");
              assertThat(r.rule().getRule()).isEqualTo("self == oldSelf");
            });
    assertThat(CRD.rules())
        .filteredOn(r -> r.schemaPath().contains("properties[extraction]"))
        .noneMatch(CrdValidation.CompiledRule::transition);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "another rate | extraction | fps | 2.0",
        "another output | output | key | videos/other/frames.zip",
        "another source bucket | source | bucket | someone-elses-bucket",
        "another owner | owner | userId | 00000000-0000-0000-0000-000000000000",
      })
  void anUpdateThatChangesTheSpecIsRefused(String what, String part, String field, String value) {
    Map<String, Object> old = parsed(videoJob("{fps: 1.0}"));
    Map<String, Object> changed = parsed(videoJob("{fps: 1.0}"));
    at(at(changed, "spec"), part).put(field, value);

    assertThat(CRD.update(old, changed))
        .containsExactly(
            new Violation(
                "spec",
                INVALID,
                "\"object\": spec is immutable: delete the VideoJob and create a new one"));
  }

  @Test
  void addingOrRemovingAnOptionalSpecFieldIsRefusedToo() {
    Map<String, Object> old = parsed(videoJob("{fps: 1.0}"));
    Map<String, Object> withRetries = parsed(videoJob("{fps: 1.0}"));
    at(withRetries, "spec").put("retries", 5);

    assertThat(CRD.update(old, withRetries)).extracting(Violation::field).containsExactly("spec");
    assertThat(CRD.update(withRetries, old)).extracting(Violation::field).containsExactly("spec");
  }

  @Test
  void statusAndMetadataChangeWhileTheSpecStays() {
    Map<String, Object> old = parsed(videoJob("{intervalSeconds: 10}"));
    Map<String, Object> running = parsed(videoJob("{intervalSeconds: 10}"));
    running.put(
        "status",
        Map.of(
            "phase",
            "Running",
            "progressPercent",
            40,
            "framesWritten",
            12,
            "slices",
            4,
            "slicesDone",
            "1/4",
            "conditions",
            List.of(Map.of("type", "Ready", "status", "False"))));
    at(running, "metadata").put("labels", Map.of("frameflow.dev/owner", "someone"));
    at(running, "metadata").put("finalizers", List.of("frameflow.dev/outcome"));

    assertThat(CRD.update(old, running)).isEmpty();
    assertThat(CRD.update(old, old)).as("an update that changes nothing").isEmpty();
  }

  @Test
  void aVideoJobStoredBeforeARuleExistedCanStillHaveItsStatusWritten() {
    // ratcheting (Kubernetes 1.30+): the unchanged spec.extraction is not held to rules again; the
    // transition rule still holds the spec
    Map<String, Object> stored = parsed(videoJob("{fps: 1, intervalSeconds: 10}"));
    Map<String, Object> withStatus = parsed(videoJob("{fps: 1, intervalSeconds: 10}"));
    withStatus.put("status", Map.of("phase", "Failed"));

    assertThat(CRD.update(stored, withStatus)).isEmpty();
    Map<String, Object> respecified = parsed(videoJob("{fps: 2, intervalSeconds: 10}"));
    assertThat(CRD.update(stored, respecified))
        .extracting(Violation::toString)
        .containsExactlyInAnyOrder(
            "spec: Invalid value: \"object\": spec is immutable: delete the VideoJob and create a new one",
            "spec.extraction: Invalid value: \"object\": give either fps or intervalSeconds, not both");
  }

  @Test
  void theTimestampRuleHoldsTheContractsBounds() {
    assertThat(CRD.rules())
        .extracting(r -> r.rule().getRule())
        .anySatisfy(
            rule ->
                assertThat(rule)
                    .contains("self.timestamps.all(")
                    .contains(
                        "<= "
                            + dev.frameflow.contracts.extraction.ExtractionLimits
                                .MAX_OFFSET_SECONDS));
    // the API gateway's own check (ExtractionOptions.validated) agrees with the CRD on the edges
    for (String time : List.of("100%", "100.5%", "86400", "86400.5", "0", "0%")) {
      boolean crd = CRD.create(videoJob("{timestamps: ['" + time + "']}")).isEmpty();
      boolean contract =
          dev.frameflow.contracts.validation.ContractValidator.check(
                  dev.frameflow.contracts.extraction.ExtractionOptions.builder()
                      .timestamps(List.of(time))
                      .build())
              .isEmpty();
      assertThat(crd)
          .as("timestamps: [%s] accepted by the CRD as by the contract", time)
          .isEqualTo(contract);
    }
  }
}
