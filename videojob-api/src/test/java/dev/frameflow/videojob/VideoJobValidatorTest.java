package dev.frameflow.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VideoJobValidatorTest {

  private static final String VIDEO = "3f1c8a0e-7b4d-4c2a-9e61-0d5f2b7a9c10";

  private static VideoJobSpec spec(String videoId, ExtractionOptions extraction) {
    return new VideoJobSpec(
        videoId,
        new VideoJobOwner("user-1"),
        new ObjectRef("frameflow-uploads", "videos/" + videoId + "/source"),
        new ObjectRef("frameflow-results", "videos/" + videoId + "/frames.zip"),
        extraction,
        null,
        null,
        null);
  }

  @Test
  void aSpecAsTheBridgeWritesItHasNothingToReport() {
    assertThat(VideoJobValidator.check(spec(VIDEO, ExtractionOptions.defaults()))).isEmpty();
    assertThat(VideoJobValidator.videoId(spec(VIDEO, null))).contains(UUID.fromString(VIDEO));
  }

  @Test
  void theNamesNeedAVideoIdThatIsAUuidSpelledOneWay() {
    // an upper-case or shortened UUID parses, but would name another Job than the canonical one
    for (String id : new String[] {"not-a-uuid", VIDEO.toUpperCase(), "1-2-3-4-5", ""}) {
      assertThat(VideoJobValidator.videoId(spec(id, ExtractionOptions.defaults()))).isEmpty();
      assertThat(VideoJobValidator.check(spec(id, ExtractionOptions.defaults())))
          .extracting(Violation::field)
          .containsExactly("spec.videoId");
    }
  }

  @Test
  void extractionOptionsOutsideTheContractAreNamedByTheirPathInTheSpec() {
    var tooFast =
        Serialization.unmarshal(
            "{\"fps\": 500, \"format\": \"jpeg\", \"quality\": 40}", ExtractionOptions.class);

    assertThat(VideoJobValidator.check(spec(VIDEO, tooFast)))
        .extracting(Violation::field)
        .containsExactly("spec.extraction.fps", "spec.extraction.quality");
  }

  @Test
  void theRequiredPartsMustBeThere() {
    var empty = new VideoJobSpec(VIDEO, null, null, null, null, null, null, null);

    assertThat(VideoJobValidator.check(empty))
        .extracting(Violation::toString)
        .containsExactly(
            "spec.extraction must be given",
            "spec.output must be given",
            "spec.owner.userId must not be blank",
            "spec.source must be given");
    assertThat(VideoJobValidator.check(null)).extracting(Violation::field).containsExactly("spec");
  }

  @Test
  void aBucketTheSchemaWouldRefuseIsReportedWithItsField() {
    var spec =
        new VideoJobSpec(
            VIDEO,
            new VideoJobOwner("user-1"),
            new ObjectRef("b", "videos/source"),
            new ObjectRef("frameflow-results", "videos/frames.zip"),
            ExtractionOptions.defaults(),
            null,
            null,
            null);

    assertThat(VideoJobValidator.check(spec))
        .extracting(Violation::field)
        .containsExactly("spec.source.bucket");
  }
}
