package dev.frameflow.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each {@code with*} changes what it names and keeps every other field of the spec. */
class VideoJobSpecTest {

  static final VideoJobSpec FULL =
      new VideoJobSpec(
          "7f1f3a52-1b8e-4a39-9d3c-2f6f3c1e9a10",
          new VideoJobOwner("ada"),
          new ObjectRef("uploads", "videos/ada/source"),
          new ObjectRef("results", "frames/ada/frames.zip"),
          ExtractionOptions.builder().fps(1.0).build(),
          600L,
          2,
          new JobResources(Map.of("cpu", new Quantity("1")), Map.of("memory", new Quantity("1Gi"))),
          3600L,
          4,
          1234.5,
          987654321L);

  @Test
  void everyWithChangesOnlyTheFieldsItNames() throws Exception {
    assertChangesOnly(s -> s.withOwner(new VideoJobOwner("bob")), "owner");
    assertChangesOnly(
        s -> s.withExtraction(ExtractionOptions.builder().fps(2.0).build()), "extraction");
    assertChangesOnly(s -> s.withDeadlineAndRetries(60L, 0), "deadlineSeconds", "retries");
    assertChangesOnly(s -> s.withResources(null), "resources");
    assertChangesOnly(s -> s.withTtlSecondsAfterFinished(5L), "ttlSecondsAfterFinished");
    assertChangesOnly(s -> s.withSlicing(8, 60.0), "maxParallelism", "sourceDurationSeconds");
    assertChangesOnly(s -> s.withSourceSize(1L), "sourceSizeBytes");
  }

  @Test
  void theBuilderOfASpecBuildsTheSameSpec() {
    assertThat(FULL.toBuilder().build()).isEqualTo(FULL);
  }

  private static void assertChangesOnly(UnaryOperator<VideoJobSpec> change, String... named)
      throws Exception {
    VideoJobSpec changed = change.apply(FULL);
    List<String> different = new ArrayList<>();
    for (RecordComponent component : VideoJobSpec.class.getRecordComponents()) {
      Object before = component.getAccessor().invoke(FULL);
      Object after = component.getAccessor().invoke(changed);
      if (!java.util.Objects.equals(before, after)) {
        different.add(component.getName());
      }
    }
    assertThat(different).containsExactly(named);
  }
}
