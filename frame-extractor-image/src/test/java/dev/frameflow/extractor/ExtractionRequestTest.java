package dev.frameflow.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExtractionRequestTest {

  private static final ObjectLocation SOURCE = new ObjectLocation.LocalFile(Path.of("/v/in.mp4"));
  private static final ObjectLocation OUTPUT = new ObjectLocation.LocalFile(Path.of("/v/f.zip"));

  @Test
  void noOptionsMeansTheContractsDefaults() {
    ExtractionRequest request = new ExtractionRequest(SOURCE, OUTPUT, null, Path.of("/tmp"));
    assertThat(request.options()).isEqualTo(ExtractionOptions.defaults());
    assertThat(request.options().format()).isEqualTo(ImageFormat.JPEG);
    assertThat(request.options().quality()).isEqualTo(3);
  }

  @Test
  void optionsOutOfTheContractsBoundsAreBadInputNamingTheField() {
    ExtractionOptions tooDense = ExtractionOptions.builder().intervalSeconds(0.005).build();
    assertThatThrownBy(() -> new ExtractionRequest(SOURCE, OUTPUT, tooDense, null))
        .isInstanceOf(BadInputException.class)
        .hasMessage("intervalSeconds must be between 1/120 and 86400 seconds");
    ExtractionOptions both =
        ExtractionOptions.builder().fps(1.0).intervalSeconds(2.0).quality(1).build();
    assertThatThrownBy(() -> new ExtractionRequest(SOURCE, OUTPUT, both, null))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "fps|intervalSeconds give either fps or intervalSeconds, not both;"
                + " quality must be between 2 (best) and 31");
  }
}
