package dev.frameflow.contracts.frames;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.extraction.ImageFormat;
import org.junit.jupiter.api.Test;

class FrameRefusalTest {

  @Test
  void eachRefusalHasItsCodeAndStatus() {
    assertThat(FrameRefusal.TIME_PAST_END.code()).isEqualTo("time-past-end");
    assertThat(FrameRefusal.TIME_PAST_END.status()).isEqualTo(422);
    assertThat(FrameRefusal.SOURCE_GONE.status()).isEqualTo(410);
    assertThat(FrameRefusal.SOURCE_UNREADABLE.status()).isEqualTo(422);
    assertThat(FrameRefusal.OVERLOADED.status()).isEqualTo(503);
    assertThat(FrameRefusal.OWNER_BUSY.status()).isEqualTo(429);
    assertThat(FrameRefusal.BAD_REQUEST.status()).isEqualTo(400);
    assertThat(FrameRefusal.values())
        .filteredOn(FrameRefusal::isRetryable)
        .containsExactlyInAnyOrder(FrameRefusal.OVERLOADED, FrameRefusal.OWNER_BUSY);
  }

  @Test
  void codesReadBack() throws Exception {
    for (FrameRefusal refusal : FrameRefusal.values()) {
      assertThat(FrameRefusal.fromCode(refusal.code())).contains(refusal);
      ObjectMapper json = new ObjectMapper();
      assertThat(json.readValue(json.writeValueAsString(refusal), FrameRefusal.class))
          .isEqualTo(refusal);
    }
    assertThat(FrameRefusal.fromCode("TIME_PAST_END")).isEmpty();
  }

  @Test
  void theProtocolNamesItsMediaTypesAndTimes() {
    assertThat(FrameServerProtocol.mediaType(ImageFormat.JPEG)).isEqualTo("image/jpeg");
    assertThat(FrameServerProtocol.mediaType(ImageFormat.WEBP)).isEqualTo("image/webp");
    assertThat(AnimationFormat.GIF.mediaType()).isEqualTo("image/gif");
    assertThat(FrameServerProtocol.frameTimeText(83.0333333)).isEqualTo("83.033333");
    assertThat(FrameServerProtocol.frameTimeText(0)).isEqualTo("0.000000");
    assertThat(AnimationFormat.parse("GIF")).contains(AnimationFormat.GIF);
    assertThat(FrameFit.parse("Cover")).contains(FrameFit.COVER);
    assertThat(FrameFit.parse("zoom")).isEmpty();
  }
}
