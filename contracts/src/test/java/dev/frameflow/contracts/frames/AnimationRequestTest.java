package dev.frameflow.contracts.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnimationRequestTest {

  @Test
  void takesTheDefaults() {
    AnimationRequest request = AnimationRequest.fromQuery(Map.of(), AnimationFormat.GIF);
    assertThat(request)
        .isEqualTo(
            new AnimationRequest(
                0.0,
                FrameLimits.DEFAULT_ANIMATION_SECONDS,
                FrameLimits.DEFAULT_ANIMATION_FPS,
                FrameLimits.DEFAULT_ANIMATION_WIDTH,
                AnimationFormat.GIF));
    assertThat(request.durationSeconds()).isEqualTo(5);
    assertThat(AnimationRequest.fromQuery(Map.of("start", "30"), AnimationFormat.WEBP).end())
        .isEqualTo(35);
  }

  @Test
  void refusesAStretchLongerThanTenSecondsOrBackwards() {
    assertThat(
            AnimationRequest.fromQuery(Map.of("start", "5", "end", "15"), AnimationFormat.WEBP)
                .durationSeconds())
        .isEqualTo(10);
    assertThatThrownBy(
            () ->
                AnimationRequest.fromQuery(
                    Map.of("start", "5", "end", "15.5"), AnimationFormat.WEBP))
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        new Violation(
                            "end", "must be after start and at most 10 seconds after it")));
    assertThatThrownBy(
            () -> AnimationRequest.fromQuery(Map.of("start", "5", "end", "5"), AnimationFormat.GIF))
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessageContaining("end must be after start");
  }

  @Test
  void boundsFpsAndWidth() {
    assertThatThrownBy(
            () ->
                AnimationRequest.fromQuery(
                    Map.of("fps", "31", "width", "641", "start", "-1", "end", "2"),
                    AnimationFormat.GIF))
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactly("fps", "start", "width"));
    assertThatThrownBy(
            () ->
                AnimationRequest.fromQuery(
                    Map.of("fps", "ten", "height", "2"), AnimationFormat.GIF))
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.violations())
                    .containsExactlyInAnyOrder(
                        new Violation("fps", "must be a whole number"),
                        new Violation("height", "is not a parameter")));
  }

  @Test
  void theCanonicalQueryIsSortedWithoutDefaultsAndReadsBack() {
    AnimationRequest request =
        AnimationRequest.fromQuery(
            Map.of("start", "10.50", "end", "12", "fps", "10", "width", "480"),
            AnimationFormat.WEBP);
    assertThat(request.toQuery())
        .containsExactly(
            Map.entry("end", "12"), Map.entry("start", "10.5"), Map.entry("width", "480"));
    assertThat(AnimationRequest.fromQuery(request.toQuery(), AnimationFormat.WEBP))
        .isEqualTo(request);
    assertThat(AnimationRequest.fromQuery(Map.of("start", "3"), AnimationFormat.GIF).toQuery())
        .containsExactly(Map.entry("start", "3"));
  }
}
