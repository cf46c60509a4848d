package dev.frameflow.extractor.frameserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How many threads a frame's decoding gets: frame threads alone, one thread when cores are busy.
 */
class FrameServiceDecodersTest {

  @Test
  void aRenderAloneOnTheCoresDecodesWithFrameThreads() {
    assertThat(FrameService.decoders(1, 2)).isEqualTo(2);
    assertThat(FrameService.decoders(3, 4)).isEqualTo(2);
  }

  @Test
  void rendersAsManyAsTheCoresOrMoreDecodeOnOneThreadEach() {
    assertThat(FrameService.decoders(2, 2)).isEqualTo(1);
    assertThat(FrameService.decoders(8, 2)).isEqualTo(1);
    assertThat(FrameService.decoders(1, 1)).isEqualTo(1);
  }
}
