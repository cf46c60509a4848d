package dev.frameflow.gateway.resumable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.gateway.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UploadMetadataTest {

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void reads_the_file_and_the_extraction_options() {
    UploadMetadata metadata =
        UploadMetadata.parse(
            "filename "
                + b64("holiday.mp4")
                + ",filetype "
                + b64("video/mp4")
                + ", intervalSeconds "
                + b64("2.5")
                + ",format "
                + b64("png")
                + ",width "
                + b64("320"));

    assertThat(metadata.fileName()).isEqualTo("holiday.mp4");
    assertThat(metadata.contentType()).isEqualTo("video/mp4");
    assertThat(metadata.options().intervalSeconds()).isEqualTo(2.5);
    assertThat(metadata.options().format()).isEqualTo(ImageFormat.PNG);
    assertThat(metadata.options().width()).isEqualTo(320);
  }

  @Test
  void takes_the_names_other_tus_clients_use_and_keys_without_values() {
    UploadMetadata metadata =
        UploadMetadata.parse(
            "name " + b64("a\u0007b.webm") + ",type " + b64("video/webm") + ",fps");

    assertThat(metadata.fileName()).isEqualTo("a_b.webm");
    assertThat(metadata.contentType()).isEqualTo("video/webm");
    assertThat(metadata.options()).isEqualTo(ExtractionOptions.defaults());
  }

  @Test
  void no_header_means_no_name_and_the_default_options() {
    UploadMetadata metadata = UploadMetadata.parse(null);

    assertThat(metadata.fileName()).isNull();
    assertThat(metadata.contentType()).isNull();
    assertThat(metadata.options()).isEqualTo(ExtractionOptions.defaults());
  }

  @Test
  void refuses_what_a_form_upload_refuses_and_malformed_pairs() {
    assertRefused("fps " + b64("500"), "fps");
    assertRefused("fps " + b64("1") + ",intervalSeconds " + b64("2"), "");
    assertRefused("colour " + b64("red"), "colour");
    assertRefused("fps " + b64("1") + ",fps " + b64("2"), "twice");
    assertRefused("filename not*base64", "not base64");
    assertRefused("filename a b", "pairs");
    assertRefused(",fps " + b64("1"), "pairs");
    assertRefused("filename " + b64("x".repeat(4000)), "longer than");
  }

  private static void assertRefused(String header, String mentioned) {
    assertThatThrownBy(() -> UploadMetadata.parse(header))
        .as(header)
        .isInstanceOfSatisfying(
            ApiProblem.class,
            problem -> {
              assertThat(problem.status().value()).isEqualTo(400);
              assertThat(problem.getMessage()).contains(mentioned);
            });
  }
}
