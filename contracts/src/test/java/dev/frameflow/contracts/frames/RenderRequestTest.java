package dev.frameflow.contracts.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String URL = "https://s3.example/bucket/v/1?X-Amz-Signature=secret";

  @Test
  void aFrameRequestGoesThroughJsonAndBack() throws Exception {
    RenderRequest request =
        RenderRequest.frame(
            "v1",
            "sources/v1",
            URL,
            "user-7",
            FrameRequest.fromQuery(
                Map.of("time", "50%", "width", "64", "height", "48", "fit", "pad"),
                ImageFormat.PNG));

    String json = JSON.writeValueAsString(request);

    assertThat(json)
        .contains("\"time\":\"50%\"", "\"format\":\"png\"", "\"fit\":\"pad\"")
        .doesNotContain("animation", "hasBox", "oneKind");
    assertThat(JSON.readValue(json, RenderRequest.class)).isEqualTo(request);
    assertThat(request.validated()).isSameAs(request);
  }

  @Test
  void anAnimationRequestGoesThroughJsonAndBack() throws Exception {
    RenderRequest request =
        RenderRequest.animation(
            "v1",
            "sources/v1",
            URL,
            "user-7",
            AnimationRequest.fromQuery(Map.of("start", "2", "fps", "12"), AnimationFormat.GIF));

    String json = JSON.writeValueAsString(request);

    assertThat(json).contains("\"format\":\"gif\"").doesNotContain("frame\"", "spanInBounds");
    assertThat(JSON.readValue(json, RenderRequest.class)).isEqualTo(request);
  }

  @Test
  void aMinimalBodyTakesTheDefaults() throws Exception {
    RenderRequest request =
        JSON.readValue(
            "{\"videoId\":\"v\",\"sourceKey\":\"k\",\"sourceUrl\":\"u\",\"owner\":\"o\","
                + "\"frame\":{}}",
            RenderRequest.class);
    assertThat(request.frame()).isEqualTo(FrameRequest.of(ImageFormat.JPEG));
  }

  @Test
  void exactlyOneKindAndEveryIdIsRequiredAndBoundsAreChecked() {
    RenderRequest neither = new RenderRequest("v", "k", URL, "o", null, null);
    assertThatThrownBy(neither::validated)
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("give exactly one of frame or animation");
    RenderRequest both =
        new RenderRequest(
            "v",
            "k",
            URL,
            "o",
            FrameRequest.of(ImageFormat.PNG),
            AnimationRequest.fromQuery(Map.of(), AnimationFormat.GIF));
    assertThatThrownBy(both::validated).isInstanceOf(InvalidOptionsException.class);
    RenderRequest tooWide =
        new RenderRequest(
            " ",
            "k",
            URL,
            "o",
            new FrameRequest(null, ImageFormat.PNG, 99_999, null, null, null),
            null);
    assertThatThrownBy(tooWide::validated)
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactly("frame.width", "videoId"));
  }

  @Test
  void itsTextLeavesThePresignedUrlOut() {
    RenderRequest request =
        RenderRequest.frame("v1", "sources/v1", URL, "user-7", FrameRequest.of(ImageFormat.JPEG));
    assertThat(request.toString()).contains("v1", "user-7").doesNotContain("secret", "s3.example");
  }
}
