package dev.frameflow.extractor.animation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.probe.VideoInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of a preview: one ffmpeg run, an exact seek, one output and nothing else. */
class AnimatedPreviewTest {

  // an MP4 seeks by its index: no ffmpeg runs to build these command lines
  private static final VideoInfo VIDEO =
      new VideoInfo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1920, 1080, 30, 0, 600, 0);
  private static final MediaSource SOURCE =
      MediaSource.file(Path.of("/videos/in.mp4")).withDemuxer("mov");
  private static final Path OUT = Path.of("/work/animation.gif");

  private final AnimatedPreview preview = new AnimatedPreview(Ffmpeg.at(Path.of("/bin/true")));

  @Test
  void aGifIsOneRunWhosePaletteIsMadeFromItsOwnFramesWithoutFilesBetween() throws Exception {
    List<String> args =
        preview.arguments(
            SOURCE, VIDEO, new Clip(12.5, 17.5, 10, 480), AnimatedPreview.Encoding.GIF, OUT);

    String graph = args.get(args.indexOf("-filter_complex") + 1);
    assertThat(graph)
        .isEqualTo(
            "[0:v:0]setpts=PTS-STARTPTS,fps=10:round=up,scale=480:-2,trim=end_frame=50,"
                + "split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer[out]");
    // the accurate input seek: -ss before -i
    assertThat(args.indexOf("-ss")).isLessThan(args.indexOf("-i"));
    assertThat(args.get(args.indexOf("-ss") + 1)).isEqualTo("12.5");
    assertThat(args).doesNotContain("-noaccurate_seek", "image2");
    assertThat(args.subList(args.size() - 6, args.size()))
        .containsExactly("-loop", "0", "-f", "gif", "-y", OUT.toString());
  }

  @Test
  void aWebpIsLossyLibwebpThatLoopsForever() throws Exception {
    List<String> args =
        preview.arguments(
            SOURCE, VIDEO, new Clip(0, 5, 10, 480), AnimatedPreview.Encoding.WEBP, OUT);

    assertThat(args).doesNotContain("-ss"); // from the start: no seek at all
    assertThat(args.get(args.indexOf("-c:v") + 1)).isEqualTo("libwebp");
    assertThat(args.get(args.indexOf("-lossless") + 1)).isEqualTo("0");
    assertThat(args.get(args.indexOf("-loop") + 1)).isEqualTo("0");
    assertThat(args.get(args.lastIndexOf("-f") + 1)).isEqualTo("webp");
    assertThat(args.get(args.indexOf("-filter_complex") + 1)).doesNotContain("palette");
  }

  @Test
  void aTurnedVideoIsTurnedUprightBeforeItIsScaled() throws Exception {
    VideoInfo turned = new VideoInfo("mov", "h264", 1920, 1080, 30, 90, 600, 0);

    List<String> args =
        preview.arguments(
            SOURCE, turned, new Clip(1, 2, 10, 320), AnimatedPreview.Encoding.WEBP, OUT);

    assertThat(args).contains("-noautorotate");
    assertThat(args.get(args.indexOf("-filter_complex") + 1))
        .contains("fps=10:round=up,transpose=clock,scale=320:-2,trim=end_frame=10");
  }

  @Test
  void aClipHasItsLengthTimesItsRateFramesCutAtTheEndOfTheVideo() {
    assertThat(new Clip(12.5, 17.5, 10, 480).frames(600)).isEqualTo(50);
    assertThat(new Clip(0, 10, 30, 480).frames(600)).isEqualTo(300);
    assertThat(new Clip(0, 0.25, 10, 480).frames(600)).isEqualTo(3); // 0, 0.1, 0.2
    assertThat(new Clip(3.5, 8, 10, 160).frames(4)).isEqualTo(5);
    assertThat(new Clip(3.99, 8, 10, 160).frames(4)).isEqualTo(1);
    assertThat(new Clip(1, 2, 10, 160).frames(0)).as("duration unknown").isEqualTo(10);
  }

  @Test
  void aClipThatEndsBeforeItStartsIsNoClip() {
    assertThatThrownBy(() -> new Clip(5, 5, 10, 320)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Clip(-1, 5, 10, 320)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Clip(0, 5, 0, 320)).isInstanceOf(IllegalArgumentException.class);
  }
}
