package dev.frameflow.extractor.storyboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.StoryboardOptions;
import org.junit.jupiter.api.Test;

class StoryboardLayoutTest {

  @Test
  void tenMinutesAtTheDefaultsAreSixtyTilesOnOneSprite() {
    StoryboardLayout layout = StoryboardLayout.of(StoryboardOptions.defaults(), 600, 1920, 1080);
    assertThat(layout.tiles()).isEqualTo(60);
    assertThat(layout.tileWidth()).isEqualTo(160);
    assertThat(layout.tileHeight()).isEqualTo(90);
    assertThat(layout.sprites()).isEqualTo(1);
    assertThat(layout.fragment(0)).isEqualTo("sprite.jpg#xywh=0,0,160,90");
    assertThat(layout.fragment(13)).isEqualTo("sprite.jpg#xywh=480,90,160,90");
  }

  @Test
  void moreTilesThanOneGridTakeNumberedSpritesAndTheLastCueEndsWithTheVideo() {
    StoryboardLayout layout =
        StoryboardLayout.of(new StoryboardOptions(10.0, 100, 2, 2), 45.5, 640, 480);
    assertThat(layout.tiles()).isEqualTo(5);
    assertThat(layout.tileHeight()).isEqualTo(76); // 100 * 3/4 = 75, rounded to even
    assertThat(layout.sprites()).isEqualTo(2);
    assertThat(layout.fragment(3)).isEqualTo("sprite-1.jpg#xywh=100,76,100,76");
    assertThat(layout.fragment(4)).isEqualTo("sprite-2.jpg#xywh=0,0,100,76");
    assertThat(layout.end(4)).isEqualTo(45.5);

    assertThat(WebVtt.of(layout))
        .startsWith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:10.000\nsprite-1.jpg#xywh=0,0,100,76\n")
        .endsWith("5\n00:00:40.000 --> 00:00:45.500\nsprite-2.jpg#xywh=0,0,100,76\n");
  }

  @Test
  void cueTimesAreHoursMinutesSecondsAndMilliseconds() {
    assertThat(WebVtt.time(0)).isEqualTo("00:00:00.000");
    assertThat(WebVtt.time(3725.25)).isEqualTo("01:02:05.250");
  }
}
