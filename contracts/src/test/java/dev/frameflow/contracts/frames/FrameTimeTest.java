package dev.frameflow.contracts.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameTimeTest {

  @Test
  void readsSecondsAndPercentagesInTheTimestampsGrammar() {
    assertThat(FrameTime.parse("12.5")).isEqualTo(FrameTime.seconds(12.5));
    assertThat(FrameTime.parse(" 50% ")).isEqualTo(FrameTime.percent(50));
    assertThat(FrameTime.parse("0")).isEqualTo(FrameTime.START);
    assertThat(FrameTime.parse("86400")).isEqualTo(FrameTime.seconds(86_400));
    assertThat(FrameTime.parse("100%")).isEqualTo(FrameTime.percent(100));
  }

  @Test
  void refusesWhatTheTimestampsGrammarRefuses() {
    for (String bad : new String[] {"", "-1", "1e3", "12.", "abc", "1:23", "12.1234567", "NaN"}) {
      assertThatThrownBy(() -> FrameTime.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("must be seconds (12.5) or a percentage (50%)");
    }
    assertThatThrownBy(() -> FrameTime.parse("86400.5"))
        .hasMessage("seconds must be at most 86400 and percentages at most 100");
    assertThatThrownBy(() -> FrameTime.parse("100.5%"))
        .hasMessage("seconds must be at most 86400 and percentages at most 100");
  }

  @Test
  void theCanonicalTextHasNoTrailingZeros() {
    assertThat(FrameTime.parse("12.500")).hasToString("12.5");
    assertThat(FrameTime.parse("00083")).hasToString("83");
    assertThat(FrameTime.parse("0.0")).hasToString("0");
    assertThat(FrameTime.parse("50.0%")).hasToString("50%");
    assertThat(FrameTime.parse("0.000001")).hasToString("0.000001");
    assertThat(FrameTime.parse(FrameTime.parse("86399.123456").toString()))
        .isEqualTo(FrameTime.parse("86399.123456"));
  }

  @Test
  void aPercentageIsAShareOfTheDurationAndNeverPastTheEnd() {
    assertThat(FrameTime.parse("50%").secondsIn(10)).isEqualTo(5);
    assertThat(FrameTime.parse("100%").secondsIn(10)).isEqualTo(10);
    assertThat(FrameTime.parse("100%").isPastEnd(10)).isFalse();
    assertThat(FrameTime.parse("7.25").secondsIn(10)).isEqualTo(7.25);
    assertThat(FrameTime.parse("10").isPastEnd(10)).isFalse();
    assertThat(FrameTime.parse("10.001").isPastEnd(10)).isTrue();
  }
}
