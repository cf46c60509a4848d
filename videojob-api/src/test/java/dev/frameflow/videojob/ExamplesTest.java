package dev.frameflow.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.SamplingMode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The VideoJobs in examples/ read into the resource and are what the operator can run. */
class ExamplesTest {

  private static final Path EXAMPLES = Path.of("../examples");

  @Test
  void everyExampleIsAValidVideoJob() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(EXAMPLES)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    for (Path file : files) {
      VideoJob job = Serialization.unmarshal(Files.readString(file), VideoJob.class);
      assertThat(VideoJobValidator.check(job.getSpec())).as(file.toString()).isEmpty();
    }
  }

  @Test
  void theSceneExampleAsksForScenesAStoryboardAndAContactSheet() throws Exception {
    VideoJob job =
        Serialization.unmarshal(
            Files.readString(EXAMPLES.resolve("videojob-scenes-storyboard.yaml")), VideoJob.class);
    assertThat(job.getSpec().extraction().mode()).isEqualTo(SamplingMode.SCENE);
    assertThat(job.getSpec().extraction().fps()).isNull();
    assertThat(job.getSpec().extraction().storyboard().intervalSeconds()).isEqualTo(10.0);
    assertThat(job.getSpec().extraction().wantsContactSheet()).isTrue();
  }
}
