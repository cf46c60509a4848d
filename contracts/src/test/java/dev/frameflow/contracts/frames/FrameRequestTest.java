package dev.frameflow.contracts.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ExtractionLimits;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameRequestTest {

  @Test
  void readsEveryParameter() {
    FrameRequest request =
        FrameRequest.fromQuery(
            Map.of("time", "83", "width", "640", "height", "360", "fit", "COVER", "quality", "5"),
            ImageFormat.WEBP);

    assertThat(request)
        .isEqualTo(
            new FrameRequest(FrameTime.seconds(83), ImageFormat.WEBP, 640, 360, FrameFit.COVER, 5));
    assertThat(request.hasBox()).isTrue();
  }

  @Test
  void takesTheDefaultsOfTheExtraction() {
    FrameRequest jpeg = FrameRequest.fromQuery(Map.of(), ImageFormat.JPEG);
    assertThat(jpeg.time()).isEqualTo(FrameTime.START);
    assertThat(jpeg.fit()).isEqualTo(FrameFit.CONTAIN);
    assertThat(jpeg.quality()).isEqualTo(ExtractionLimits.DEFAULT_JPEG_QUALITY);
    assertThat(jpeg.width()).isNull();
    assertThat(FrameRequest.fromQuery(Map.of("time", ""), ImageFormat.PNG).quality()).isNull();
  }

  @Test
  void withOneSideOnlyTheFitDoesNotMatter() {
    FrameRequest request =
        FrameRequest.fromQuery(Map.of("width", "320", "fit", "pad"), ImageFormat.JPEG);
    assertThat(request.fit()).isEqualTo(FrameFit.DEFAULT);
    assertThat(request).isEqualTo(FrameRequest.fromQuery(Map.of("width", "320"), ImageFormat.JPEG));
  }

  @Test
  void namesEveryBadParameter() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("time", "soon");
    query.put("width", "8000");
    query.put("height", "wide");
    query.put("fit", "zoom");
    query.put("quality", "1");
    query.put("format", "png");
    query.put("expires", "123");

    assertThatThrownBy(() -> FrameRequest.fromQuery(query, ImageFormat.JPEG))
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactlyInAnyOrder("time", "height", "fit", "expires", "format"));
    // parse errors first; the bounds of what did parse are reported when the rest reads
    assertThatThrownBy(
            () ->
                FrameRequest.fromQuery(
                    Map.of("width", "8000", "height", "15", "quality", "1"), ImageFormat.JPEG))
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        new Violation("height", "must be between 16 and 7680 pixels"),
                        new Violation("quality", "must be between 2 (best) and 31"),
                        new Violation("width", "must be between 16 and 7680 pixels")));
  }

  @Test
  void unknownParametersAreRefusedEvenTheSignedUrlOnes() {
    assertThatThrownBy(() -> FrameRequest.fromQuery(Map.of("signature", "abc"), ImageFormat.JPEG))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessage("signature is not a parameter");
  }

  @Test
  void theCanonicalQueryIsSortedWithoutDefaults() {
    Map<String, String> query =
        FrameRequest.fromQuery(
                Map.of("width", "640", "time", "083.50", "quality", "3", "fit", "contain"),
                ImageFormat.JPEG)
            .toQuery();
    assertThat(query).containsExactly(Map.entry("time", "83.5"), Map.entry("width", "640"));
    assertThat(FrameRequest.of(ImageFormat.PNG).toQuery()).isEmpty();
    assertThat(
            FrameRequest.fromQuery(
                    Map.of("width", "64", "height", "48", "fit", "pad", "quality", "3"),
                    ImageFormat.WEBP)
                .toQuery())
        .containsExactly(
            Map.entry("fit", "pad"),
            Map.entry("height", "48"),
            Map.entry("quality", "3"),
            Map.entry("width", "64"));
  }

  @Test
  void theCanonicalQueryReadsBackToTheSameRequest() {
    for (Map<String, String> query :
        java.util.List.of(
            Map.<String, String>of(),
            Map.of("time", "50%"),
            Map.of("time", "0.033333", "width", "17", "height", "7680", "fit", "fill"),
            Map.of("quality", "31", "height", "100"))) {
      for (ImageFormat format : ImageFormat.values()) {
        FrameRequest request = FrameRequest.fromQuery(query, format);
        assertThat(FrameRequest.fromQuery(request.toQuery(), format)).isEqualTo(request);
      }
    }
  }

  @Test
  void theParameterNamesAreTheOnesDeclared() {
    assertThat(FrameRequest.PARAMETERS)
        .containsExactly("time", "width", "height", "fit", "quality");
    assertThat(AnimationRequest.PARAMETERS).containsExactly("start", "end", "fps", "width");
  }
}
