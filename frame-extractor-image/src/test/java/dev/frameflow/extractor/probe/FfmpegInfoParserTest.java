package dev.frameflow.extractor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.extractor.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on stderr captured from ffmpeg 4.4 ({@code ffmpeg -i FILE}). */
class FfmpegInfoParserTest {

  @Test
  void readsAPhoneVideoWithItsDisplayMatrixAndCoverArt() {
    VideoInfo info =
        FfmpegInfoParser.parse(
            List.of(
                "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'IMG_0001.MOV':",
                "  Duration: 00:01:02.50, start: 0.000000, bitrate: 15997 kb/s",
                "  Stream #0:0(und): Video: hevc (Main) (hvc1 / 0x31637668), yuv420p(tv, bt709),"
                    + " 1920x1080, 15800 kb/s, 29.97 fps, 29.97 tbr, 600 tbn, 600 tbc (default)",
                "    Metadata:",
                "      handler_name    : Core Media Video",
                "    Side data:",
                "      displaymatrix: rotation of -90.00 degrees",
                "  Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo",
                "  Stream #0:2: Video: mjpeg, yuvj420p, 320x240, 90k tbr (attached pic)"));

    assertThat(info)
        .isEqualTo(
            new VideoInfo("mov,mp4,m4a,3gp,3g2,mj2", "hevc", 1920, 1080, 29.97, 90, 62.5, 0));
    assertThat(info.displayWidth()).isEqualTo(1080);
    assertThat(info.displayHeight()).isEqualTo(1920);
  }

  @Test
  void theRotateTagAndAStartTimeAreRead() {
    VideoInfo info =
        FfmpegInfoParser.parse(
            List.of(
                "Input #0, mpegts, from 'in.ts':",
                "  Duration: 00:00:10.00, start: 1.400000, bitrate: 1000 kb/s",
                "  Stream #0:0[0x100]: Video: h264 (High) ([27][0][0][0] / 0x001B), yuv420p,"
                    + " 1280x720 [SAR 1:1 DAR 16:9], 25 fps, 25 tbr, 90k tbn, 50 tbc",
                "    Metadata:",
                "      rotate          : 180"));
    assertThat(info.rotation()).isEqualTo(180);
    assertThat(info.startSeconds()).isEqualTo(1.4);
    assertThat(info.frameRate()).isEqualTo(25);
  }

  @Test
  void whatIsNotAVideoSaysWhy() {
    assertBad(
        List.of("in.mp4: Invalid data found when processing input"),
        "not a video: Invalid data found when processing input");
    assertBad(
        List.of(
            "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found",
            "in.mp4: Invalid data found when processing input"),
        "not a video: truncated or corrupt file (moov atom not found)");
    assertBad(
        List.of(
            "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.m4a':",
            "  Duration: 00:00:02.00, start: 0.000000, bitrate: 70 kb/s",
            "  Stream #0:0(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp"),
        "not a video: audio only, no video stream");
    assertBad(
        List.of(
            "Input #0, png_pipe, from 'picture.mp4':",
            "  Duration: N/A, bitrate: N/A",
            "  Stream #0:0: Video: png, rgb24(pc), 320x240, 25 tbr, 25 tbn, 25 tbc"),
        "not a video: a still image (png)");
    assertBad(
        List.of(
            "Input #0, matroska,webm, from 'x.mkv':",
            "  Duration: N/A, start: 0.000000, bitrate: N/A",
            "  Stream #0:0: Video: h264, yuv420p, 320x240, 30 fps, 30 tbr, 1k tbn"),
        "corrupt video: unknown duration");
  }

  private static void assertBad(List<String> stderr, String reason) {
    assertThatThrownBy(() -> FfmpegInfoParser.parse(stderr))
        .isInstanceOf(BadInputException.class)
        .hasMessage(reason);
  }
}
