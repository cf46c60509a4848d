package dev.frameflow.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.StoryboardOptions;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.extractor.testing.FrameNumbers;
import dev.frameflow.extractor.testing.ZipContents;
import dev.frameflow.testing.TestVideos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampling modes and the outputs besides the frames, on generated videos whose answers are
 * known: {@link TestVideos#h264Mp4()} paints each frame's number (30 fps, 4 s, a keyframe every
 * second); the others are made here.
 */
class SamplingModesIT {

  @TempDir Path dir;

  private final Ffmpeg ffmpeg = dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary());
  private final FrameExtractor extractor =
      new FrameExtractor(null, ExtractorLimits.defaults().withParallelism(2), ffmpeg);

  @Test
  void countGivesThatManyEvenlySpacedFramesTheFirstAtTheStart() throws Exception {
    ExtractionResult result = extract(TestVideos.h264Mp4(), opts().count(4).build());

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    assertThat(result.frames()).isEqualTo(4);
    assertThat(numbers(zip)).containsExactly(0, 30, 60, 90);
    assertThat(zip.manifest().get("mode").asText()).isEqualTo("count");

    // over start..end: 3 frames over [1, 4) are at 1, 2 and 3 s
    extract(TestVideos.h264Mp4(), opts().count(3).start(1.0).end(4.0).build());
    ZipContents part = ZipContents.of(dir.resolve("out.zip"));
    assertThat(numbers(part)).containsExactly(30, 60, 90);
    assertThat(requested(part.manifest())).containsExactly(1.0, 2.0, 3.0);
  }

  @Test
  void timestampsInSecondsAndPercentGiveTheFramesShownThenInTimeOrder() throws Exception {
    extract(TestVideos.h264Mp4(), opts().timestamps(List.of("3", "0.5", "50%", "3.0")).build());

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    assertThat(numbers(zip)).containsExactly(15, 60, 90);
    JsonNode manifest = zip.manifest();
    assertThat(manifest.get("mode").asText()).isEqualTo("timestamps");
    assertThat(requested(manifest)).containsExactly(0.5, 2.0, 3.0);
    assertThat(actual(manifest)).containsExactly(0.5, 2.0, 3.0);
    // a keyframe every second: the frames at 2 s and 3 s are keyframes, the one at 0.5 s is not
    assertThat(keyframeFlags(manifest)).containsExactly(false, true, true);
  }

  @Test
  void aTimestampPastTheEndIsRefusedAndHundredPercentIsTheLastFrame() throws Exception {
    assertThatThrownBy(() -> extract(TestVideos.h264Mp4(), opts().timestamps(List.of("9")).build()))
        .isInstanceOfSatisfying(
            BadInputException.class,
            e -> {
              assertThat(e.userReason()).startsWith(FailureReason.INVALID_OPTIONS.text());
              assertThat(e.getMessage()).contains("timestamp 9 s is past the end");
            });

    extract(TestVideos.h264Mp4(), opts().timestamps(List.of("100%")).build());
    assertThat(numbers(ZipContents.of(dir.resolve("out.zip")))).containsExactly(119);
  }

  @Test
  void aVideoWithATwoSecondGopGivesOneKeyframeEveryTwoSeconds() throws Exception {
    Path video = twoSecondGop();

    extract(video, opts().keyframes().build());

    JsonNode manifest = ZipContents.of(dir.resolve("out.zip")).manifest();
    assertThat(manifest.get("mode").asText()).isEqualTo("keyframes");
    assertThat(manifest.get("strategy").asText()).isEqualTo("keyframes-only");
    assertThat(actual(manifest)).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0);
    assertThat(keyframeFlags(manifest)).containsOnly(true);

    // thinned: at least 3 s apart
    extract(video, opts().keyframes().minInterval(3.0).build());
    assertThat(actual(ZipContents.of(dir.resolve("out.zip")).manifest()))
        .containsExactly(0.0, 4.0, 8.0);
  }

  @Test
  void anMpegTsVideoGivesTheSameKeyframesAsItsMp4() throws Exception {
    // 30 s, so the run is cut into segments that seek; MPEG-TS has no index to seek by
    List<String> encode =
        List.of(
            "-f",
            "lavfi",
            "-i",
            "testsrc=s=160x120:r=25:d=30",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "50",
            "-keyint_min",
            "50",
            "-sc_threshold",
            "0",
            "-pix_fmt",
            "yuv420p");
    Path mp4 = generate("gop-2s-30s.mp4", encode);
    Path ts = generate("gop-2s-30s.ts", encode);

    extract(mp4, opts().keyframes().build());
    JsonNode fromMp4 = ZipContents.of(dir.resolve("out.zip")).manifest();
    extract(ts, opts().keyframes().build());
    JsonNode fromTs = ZipContents.of(dir.resolve("out.zip")).manifest();

    List<Double> expected = new ArrayList<>();
    for (int second = 0; second < 30; second += 2) {
      expected.add((double) second);
    }
    assertThat(actual(fromMp4)).containsExactlyElementsOf(expected);
    assertThat(actual(fromTs)).containsExactlyElementsOf(expected);
    assertThat(fromTs.get("strategy").asText()).isEqualTo("keyframes-only");
  }

  @Test
  void keyframesTheDecoderCannotSkipToComeFromAFullDecodeAndTheManifestSaysSo() throws Exception {
    // no IDR picture, no recovery point, no sync sample in the MP4 index: skipping all but
    // keyframes leaves the decoder nothing, so the mode decodes in full and keeps the intra
    // pictures, which are display frames 50, 100, 150 and 200 (the stream starts at frame 50)
    Path video = noKeyframeSignalled();

    extract(video, opts().keyframes().build());

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    JsonNode manifest = zip.manifest();
    assertThat(manifest.get("mode").asText()).isEqualTo("keyframes");
    assertThat(manifest.get("strategy").asText()).isEqualTo("full-decode");
    assertThat(numbers(zip)).containsExactly(50, 100, 150, 200);
    assertThat(actual(manifest)).containsExactly(0.0, 2.0, 4.0, 6.0);
    assertThat(keyframeFlags(manifest)).containsOnly(true);
  }

  @Test
  void aDecoderThatIgnoresSkippingGivesOnlyItsKeyframesAndTheManifestSaysItDecodedInFull()
      throws Exception {
    // ffmpeg's VP9 decoder decodes every frame whatever -skip_frame says: of the 50 frames, the
    // ones it flags as keyframes (a keyframe at least every 25 frames, libvpx adds its own) must
    // come out, and no other; before, all 50 came out, each called a keyframe
    Path video = TestVideos.vp9Webm();
    List<Integer> keyframes = decoderKeyframes(video);
    assertThat(keyframes).contains(0, 25).hasSizeLessThan(10);

    extract(video, opts().keyframes().build());

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    JsonNode manifest = zip.manifest();
    assertThat(manifest.get("strategy").asText()).isEqualTo("full-decode");
    assertThat(numbers(zip)).isEqualTo(keyframes);
    assertThat(actual(manifest)).isEqualTo(keyframes.stream().map(n -> n / 25.0).toList());
    assertThat(keyframeFlags(manifest)).containsOnly(true);
  }

  @Test
  void aVideoOfThreeDifferentScenesGivesThreeSceneFrames() throws Exception {
    Path video = threeScenes();

    extract(video, opts().scene().build());

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    JsonNode manifest = zip.manifest();
    assertThat(manifest.get("mode").asText()).isEqualTo("scene");
    assertThat(frames(zip)).hasSize(3);
    assertThat(actual(manifest)).containsExactly(0.0, 2.0, 4.0);
    // the first frames of the three scenes: red, then the test pattern, then blue
    BufferedImage red = ImageIO.read(new ByteArrayInputStream(frames(zip).get(0)));
    BufferedImage blue = ImageIO.read(new ByteArrayInputStream(frames(zip).get(2)));
    assertThat((red.getRGB(10, 10) >> 16) & 0xff).isGreaterThan(200);
    assertThat(blue.getRGB(10, 10) & 0xff).isGreaterThan(200);
  }

  @Test
  void aStoryboardIsSpritesAndAWebVttFileAParserReadsWithCuesCoveringTheWholeVideo()
      throws Exception {
    Path video = twoSecondGop(); // 10 s, 320x240

    extract(
        video,
        opts()
            .count(1)
            .storyboard(new StoryboardOptions(1.0, 64, 4, 2)) // 10 tiles, 8 per sprite
            .build());

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    assertThat(zip.entries())
        .containsKeys(
            "storyboard/sprite-1.jpg", "storyboard/sprite-2.jpg", "storyboard/storyboard.vtt");
    BufferedImage first =
        ImageIO.read(new ByteArrayInputStream(zip.entries().get("storyboard/sprite-1.jpg")));
    assertThat(first.getWidth()).isEqualTo(4 * 64);
    assertThat(first.getHeight()).isEqualTo(2 * 48);

    // ffmpeg's WebVTT demuxer reads the index; turned into SubRip, its cues are the tiles
    Path vtt = dir.resolve("storyboard.vtt");
    Files.write(vtt, zip.entries().get("storyboard/storyboard.vtt"));
    List<String> srt = new ArrayList<>();
    Ffmpeg.Outcome outcome =
        ffmpeg.run(
            List.of("-loglevel", "error", "-i", vtt.toString(), "-f", "srt", "-"), srt::add, null);
    assertThat(outcome.succeeded()).as(String.join("\n", outcome.stderrTail())).isTrue();
    Pattern cue =
        Pattern.compile(
            "^(\\d\\d):(\\d\\d):(\\d\\d),(\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d),(\\d{3})$");
    List<double[]> cues = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < srt.size(); i++) {
      Matcher m = cue.matcher(srt.get(i));
      if (m.matches()) {
        cues.add(new double[] {seconds(m, 1), seconds(m, 5)});
        texts.add(srt.get(i + 1));
      }
    }
    assertThat(cues).hasSize(10);
    assertThat(cues.get(0)[0]).isZero();
    for (int i = 1; i < cues.size(); i++) {
      assertThat(cues.get(i)[0])
          .as("cue %d starts where the one before ends", i)
          .isEqualTo(cues.get(i - 1)[1]);
    }
    assertThat(cues.get(cues.size() - 1)[1]).isCloseTo(10.0, within(0.05));
    assertThat(texts.get(0)).isEqualTo("sprite-1.jpg#xywh=0,0,64,48");
    assertThat(texts.get(5)).isEqualTo("sprite-1.jpg#xywh=64,48,64,48");
    assertThat(texts.get(9)).isEqualTo("sprite-2.jpg#xywh=64,0,64,48");
    assertThat(zip.manifest().get("storyboard").get("tiles").asInt()).isEqualTo(10);
  }

  @Test
  void eachStoryboardTileIsTheKeyframeAtOrBeforeItsTime() throws Exception {
    // a keyframe every second (30 frames); tiles every 1.5 s start at 0, 1.5, 3 s: their keyframes
    // are frames 0, 30 (1 s) and 90 (3 s), on one sprite of 3 x 1 tiles of 80 x 60
    assertThat(storyboardTileNumbers(TestVideos.h264Mp4())).containsExactly(0, 30, 90);
  }

  @Test
  void eachStoryboardTileOfAnMpegTsVideoIsTheKeyframeAtOrBeforeItsTimeAsInItsMp4()
      throws Exception {
    // the same frames in MPEG-TS, which has no index: ffmpeg's own seek to 1.5 s lands on the
    // keyframe at 2 s (frame 60) there, and so would the tile without a checked seek
    byte[] mp4Sprite = storyboardSprite(TestVideos.h264Mp4());
    assertThat(storyboardTileNumbers(TestVideos.h264Ts())).containsExactly(0, 30, 90);
    // the same keyframes decoded and scaled alike: the same JPEG
    assertThat(storyboardSprite(TestVideos.h264Ts())).isEqualTo(mp4Sprite);
  }

  @Test
  void aTileWhoseCheckedSeekLandsSeveralKeyframesEarlyIsTheLastKeyframeAtOrBeforeItsTime()
      throws Exception {
    // the numbered frames with a keyframe every 0.5 s; tiles every 1.7 s start at 0, 1.7, 3.4 s:
    // their keyframes are frames 0, 45 (1.5 s) and 90 (3 s). In MPEG-TS the seek to 1.7 s lands
    // on 2 s, the one checked 1 s earlier on 1 s: two keyframes (1 s, 1.5 s) come before the time
    List<String> encode =
        List.of(
            "-f",
            "lavfi",
            "-i",
            TestVideos.numbered(320, 240, 30),
            "-t",
            "4",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            "12",
            "-g",
            "15",
            "-keyint_min",
            "15",
            "-sc_threshold",
            "0",
            "-pix_fmt",
            "yuv420p");
    StoryboardOptions every17 = new StoryboardOptions(1.7, 80, 3, 1);

    assertThat(storyboardTileNumbers(generate("numbered-gop-half-s.mp4", encode), every17))
        .containsExactly(0, 45, 90);
    assertThat(storyboardTileNumbers(generate("numbered-gop-half-s.ts", encode), every17))
        .containsExactly(0, 45, 90);
  }

  /** The frame number on each of the 3 tiles of an 80 x 60, 3 x 1 storyboard every 1.5 s. */
  private List<Integer> storyboardTileNumbers(Path video) throws Exception {
    return storyboardTileNumbers(video, new StoryboardOptions(1.5, 80, 3, 1));
  }

  /** The frame number on each of the 3 tiles of an 80 x 60, 3 x 1 storyboard. */
  private List<Integer> storyboardTileNumbers(Path video, StoryboardOptions options)
      throws Exception {
    BufferedImage sprite = ImageIO.read(new ByteArrayInputStream(storyboardSprite(video, options)));
    assertThat(sprite.getWidth()).isEqualTo(3 * 80);
    List<Integer> numbers = new ArrayList<>();
    for (int tile = 0; tile < 3; tile++) {
      java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
      ImageIO.write(sprite.getSubimage(tile * 80, 0, 80, 60), "png", png);
      numbers.add(FrameNumbers.read(png.toByteArray()));
    }
    return numbers;
  }

  private byte[] storyboardSprite(Path video) throws Exception {
    return storyboardSprite(video, new StoryboardOptions(1.5, 80, 3, 1));
  }

  private byte[] storyboardSprite(Path video, StoryboardOptions options) throws Exception {
    extract(video, opts().count(1).storyboard(options).build());
    return ZipContents.of(dir.resolve("out.zip")).entries().get("storyboard/sprite.jpg");
  }

  @Test
  void webpFramesDecodeToTheFramesAsked() throws Exception {
    extract(TestVideos.h264Mp4(), opts().count(2).format(ImageFormat.WEBP).build());

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    assertThat(frameNames(zip))
        .containsExactly("frame-000001-0.000s.webp", "frame-000002-2.000s.webp");
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path webp = dir.resolve("f" + i + ".webp");
      Path png = dir.resolve("f" + i + ".png");
      Files.write(webp, frames(zip).get(i));
      assertThat(
              ffmpeg
                  .run(
                      List.of("-loglevel", "error", "-i", webp.toString(), png.toString()),
                      null,
                      null)
                  .succeeded())
          .isTrue();
      numbers.add(FrameNumbers.read(Files.readAllBytes(png)));
    }
    assertThat(numbers).containsExactly(0, 60);
  }

  @Test
  void aContactSheetShowsEveryFrameWithRoomForItsTime() throws Exception {
    extract(TestVideos.h264Mp4(), opts().fps(1.0).contactSheet().build());

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    BufferedImage sheet =
        ImageIO.read(new ByteArrayInputStream(zip.entries().get("contact-sheet.jpg")));
    // 4 thumbnails 160 px wide in one row, 4 px apart; 120 px high plus the label strip
    assertThat(sheet.getWidth()).isEqualTo(4 + 4 * 164);
    assertThat(sheet.getHeight()).isEqualTo(4 + 120 + 16 + 4);
    assertThat(zip.manifest().get("contactSheet").asText()).isEqualTo("contact-sheet.jpg");
    // the label strip under the first thumbnail has white pixels (the digits), the thumbnail's
    // black left half has none
    assertThat(whitePixels(sheet, 4, 4 + 120, 160, 16)).isPositive();
    assertThat(whitePixels(sheet, 4, 4, 80, 120)).isZero();
  }

  private static int whitePixels(BufferedImage image, int x0, int y0, int w, int h) {
    int count = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        if ((image.getRGB(x, y) & 0xff) > 200 && ((image.getRGB(x, y) >> 8) & 0xff) > 200) {
          count++;
        }
      }
    }
    return count;
  }

  /** The numbers of the frames the decoder flags as keyframes, from a whole decode. */
  private List<Integer> decoderKeyframes(Path video) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    Ffmpeg.Outcome outcome =
        ffmpeg.run(
            List.of("-nostats", "-i", video.toString(), "-vf", "showinfo", "-f", "null", "-"),
            null,
            lines::add);
    assertThat(outcome.succeeded()).as(String.join("\n", outcome.stderrTail())).isTrue();
    Pattern frame = Pattern.compile("Parsed_showinfo_\\d+ @ .*\\bn:\\s*(\\d+) .*iskey:1 ");
    List<Integer> keyframes = new ArrayList<>();
    for (String line : lines) {
      Matcher m = frame.matcher(line);
      if (m.find()) {
        keyframes.add(Integer.parseInt(m.group(1)));
      }
    }
    return keyframes;
  }

  private static double seconds(Matcher m, int group) {
    return Integer.parseInt(m.group(group)) * 3600
        + Integer.parseInt(m.group(group + 1)) * 60
        + Integer.parseInt(m.group(group + 2))
        + Integer.parseInt(m.group(group + 3)) / 1000.0;
  }

  private ExtractionResult extract(Path video, ExtractionOptions options) throws Exception {
    Files.deleteIfExists(dir.resolve("out.zip"));
    return extractor.extract(
        new ExtractionRequest(
            ObjectLocation.parse(video.toString()),
            ObjectLocation.parse(dir.resolve("out.zip").toString()),
            options.validated(),
            dir.resolve("work")),
        null);
  }

  private static List<String> frameNames(ZipContents zip) {
    return zip.entries().keySet().stream().filter(n -> n.startsWith("frame-")).toList();
  }

  private static List<byte[]> frames(ZipContents zip) {
    return frameNames(zip).stream().map(zip.entries()::get).toList();
  }

  private static List<Integer> numbers(ZipContents zip) throws Exception {
    List<Integer> numbers = new ArrayList<>();
    for (byte[] frame : frames(zip)) {
      numbers.add(FrameNumbers.read(frame));
    }
    return numbers;
  }

  private static List<Double> requested(JsonNode manifest) {
    List<Double> times = new ArrayList<>();
    manifest
        .get("frames")
        .forEach(
            f -> times.add(Math.round(f.get("requestedTimestamp").asDouble() * 1000) / 1000.0));
    return times;
  }

  private static List<Double> actual(JsonNode manifest) {
    List<Double> times = new ArrayList<>();
    manifest
        .get("frames")
        .forEach(f -> times.add(Math.round(f.get("timestamp").asDouble() * 1000) / 1000.0));
    return times;
  }

  private static List<Boolean> keyframeFlags(JsonNode manifest) {
    List<Boolean> flags = new ArrayList<>();
    manifest.get("frames").forEach(f -> flags.add(f.get("keyframe").asBoolean()));
    return flags;
  }

  /** 10 s of a moving test pattern at 25 fps, a keyframe every 2 s exactly (and no other). */
  private Path twoSecondGop() throws Exception {
    return generate(
        "gop-2s.mp4",
        List.of(
            "-f",
            "lavfi",
            "-i",
            "testsrc=s=320x240:r=25:d=10",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "50",
            "-keyint_min",
            "50",
            "-sc_threshold",
            "0",
            "-pix_fmt",
            "yuv420p"));
  }

  /**
   * 10 s of numbered frames at 25 fps coded with open GOPs (an I picture every 50 frames, B
   * pictures referring across it), then stripped of what marks a keyframe: the SEI units (no
   * recovery points) and the first 49 packets in decode order (the IDR picture and its GOP). What
   * is left starts at frame 50 (2 s) with a plain I picture; no packet is flagged as a keyframe, so
   * the MP4 index lists no sync sample, and the decoder sees none either.
   */
  private Path noKeyframeSignalled() throws Exception {
    return generate(
        "no-keyframe-signalled.mp4",
        List.of(
            "-f",
            "lavfi",
            "-i",
            TestVideos.numbered(320, 240, 25),
            "-t",
            "10",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-bf",
            "2",
            "-pix_fmt",
            "yuv420p",
            "-x264-params",
            "open-gop=1:keyint=50:min-keyint=50:scenecut=0",
            "-bsf:v",
            "filter_units=remove_types=6,noise=drop=lt(n\\,49)"));
  }

  /** Red for 2 s, the test pattern for 2 s, blue for 2 s; one keyframe only, at the start. */
  private Path threeScenes() throws Exception {
    return generate(
        "three-scenes.mp4",
        List.of(
            "-filter_complex",
            "color=c=red:s=320x240:r=25:d=2[a];testsrc=s=320x240:r=25:d=2[b];"
                + "color=c=blue:s=320x240:r=25:d=2[c];[a][b][c]concat=n=3:v=1:a=0,format=yuv420p",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "250",
            "-sc_threshold",
            "0"));
  }

  private Path generate(String name, List<String> args) throws Exception {
    Path file = TestVideos.DIR.resolve("modes-" + name);
    if (Files.isRegularFile(file)) {
      return file;
    }
    Files.createDirectories(TestVideos.DIR);
    Path partial = Files.createTempFile(TestVideos.DIR, "gen-", "-" + name);
    List<String> all = new ArrayList<>(List.of("-y", "-loglevel", "error"));
    all.addAll(args);
    all.add(partial.toString());
    Ffmpeg.Outcome outcome = ffmpeg.run(all, null, null);
    assertThat(outcome.succeeded()).as(String.join("\n", outcome.stderrTail())).isTrue();
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  private static Opts opts() {
    return new Opts();
  }

  /** Names only what a case sets. */
  private static final class Opts {
    Double fps;
    ImageFormat format;
    Double start;
    Double end;
    Integer count;
    List<String> timestamps;
    Boolean keyframes;
    Boolean scene;
    Double minInterval;
    StoryboardOptions storyboard;
    Boolean contactSheet;

    Opts fps(double value) {
      fps = value;
      return this;
    }

    Opts format(ImageFormat value) {
      format = value;
      return this;
    }

    Opts start(double value) {
      start = value;
      return this;
    }

    Opts end(double value) {
      end = value;
      return this;
    }

    Opts count(int value) {
      count = value;
      return this;
    }

    Opts timestamps(List<String> value) {
      timestamps = value;
      return this;
    }

    Opts keyframes() {
      keyframes = true;
      return this;
    }

    Opts scene() {
      scene = true;
      return this;
    }

    Opts minInterval(double value) {
      minInterval = value;
      return this;
    }

    Opts storyboard(StoryboardOptions value) {
      storyboard = value;
      return this;
    }

    Opts contactSheet() {
      contactSheet = true;
      return this;
    }

    ExtractionOptions build() {
      return ExtractionOptions.builder()
          .fps(fps)
          .format(format)
          .start(start)
          .end(end)
          .count(count)
          .timestamps(timestamps)
          .keyframes(keyframes)
          .scene(scene)
          .minIntervalSeconds(minInterval)
          .storyboard(storyboard)
          .contactSheet(contactSheet)
          .build();
    }
  }
}
