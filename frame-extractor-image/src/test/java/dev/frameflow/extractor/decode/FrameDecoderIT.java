package dev.frameflow.extractor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.ProgressListener;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.DecodeRun;
import dev.frameflow.extractor.plan.Keyframes;
import dev.frameflow.extractor.plan.SamplingPlan;
import dev.frameflow.extractor.plan.SkimParameters;
import dev.frameflow.extractor.plan.Strategy;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import dev.frameflow.extractor.testing.FrameNumbers;
import dev.frameflow.testing.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** However the timeline is cut into runs, the same frames come out, once each, in order. */
class FrameDecoderIT {

  @TempDir Path dir;

  @Test
  void segmentBordersNeitherRepeatNorMissAFrame() throws Exception {
    Path video = TestVideos.h264Mp4();
    VideoInfo info = new VideoProbe(Ffmpeg.at(TestVideos.ffmpegBinary())).probe(video);
    ExtractionOptions options = ExtractionOptions.builder().fps(7.0).build();
    Timeline timeline = Timeline.of(options, info.durationSeconds());

    List<Integer> whole =
        decode(
            video,
            info,
            options,
            new SamplingPlan(
                timeline, Strategy.DENSE, List.of(new DecodeRun(0, 0, timeline.count()))));
    List<Integer> fiveSegments =
        decode(
            video,
            info,
            options,
            new SamplingPlan(timeline, Strategy.DENSE, splitInFive(timeline.count())));
    List<Integer> seekPerTick =
        decode(
            video,
            info,
            options,
            new SamplingPlan(
                timeline,
                Strategy.SPARSE,
                IntStream.range(0, timeline.count())
                    .mapToObj(k -> new DecodeRun(k, k, k + 1))
                    .toList()));

    List<Integer> seekWindows = decode(video, info, options, seekWindows(timeline));

    assertThat(whole).hasSize(28).doesNotHaveDuplicates().isSorted();
    assertThat(fiveSegments).isEqualTo(whole);
    assertThat(seekPerTick).isEqualTo(whole);
    assertThat(seekWindows).isEqualTo(whole);
  }

  @Test
  void seekWindowsGiveTheFramesOfOneDecodeInEveryContainer() throws Exception {
    for (Path video :
        List.of(
            TestVideos.vp9Webm(),
            TestVideos.hevcMkv(),
            TestVideos.rotatedMov(),
            TestVideos.h264Ts())) {
      VideoInfo info = new VideoProbe(Ffmpeg.at(TestVideos.ffmpegBinary())).probe(video);
      ExtractionOptions options = ExtractionOptions.builder().fps(4.0).build();
      Timeline timeline = Timeline.of(options, info.durationSeconds());

      // the same images, byte for byte (the rotated one has no readable number)
      List<byte[]> whole = frames(video, info, options, wholeRange(timeline));
      List<byte[]> windowed = frames(video, info, options, seekWindows(timeline));

      assertThat(whole).as(video.toString()).hasSize(timeline.count());
      assertThat(windowed).as(video.toString()).hasSameSizeAs(whole);
      for (int i = 0; i < whole.size(); i++) {
        assertThat(windowed.get(i)).as(video + " frame " + i).isEqualTo(whole.get(i));
      }
    }
  }

  @Test
  void aFrameBeyondItsWindowBecauseTheFrameRateDropsIsDecodedAgainOnItsOwn() throws Exception {
    // 10 frames/s from 1 s on: the frame for 1.02 s is at 1.1 s, past the window's outpoint
    // (two frame intervals at the 30 frames/s the video starts with)
    Path video = TestVideos.variableFrameRateMkv();
    VideoInfo info = new VideoProbe(Ffmpeg.at(TestVideos.ffmpegBinary())).probe(video);
    ExtractionOptions options = ExtractionOptions.builder().fps(10.0).start(0.02).end(2.9).build();
    Timeline timeline = Timeline.of(options, info.durationSeconds());

    List<Integer> whole = decode(video, info, options, wholeRange(timeline));

    assertThat(whole.subList(10, 12)).containsExactly(31, 32);
    assertThat(decode(video, info, options, seekWindows(timeline))).isEqualTo(whole);
  }

  @Test
  void skimmedRunsGiveTheFramesOfOneDecodeInEveryContainer() throws Exception {
    for (Path video :
        List.of(
            TestVideos.h264Mp4(),
            bFramesMp4(),
            TestVideos.h264Ts(),
            TestVideos.vp9Webm(),
            TestVideos.hevcMkv(),
            TestVideos.rotatedMov())) {
      VideoInfo info =
          new VideoProbe(dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary()))
              .probe(video);
      MediaSource source = MediaSource.file(video).withDemuxer(info.demuxer());
      Keyframes keyframes =
          new KeyframeIndexer(dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary()))
              .index(source, info.durationSeconds());
      List<ExtractionOptions> optionSets =
          List.of(
              ExtractionOptions.builder().fps(3.0).build(),
              ExtractionOptions.builder().intervalSeconds(0.7).start(0.1).build());
      for (ExtractionOptions options : optionSets) {
        Timeline timeline = Timeline.of(options, info.durationSeconds());
        List<byte[]> whole = frames(video, info, options, wholeRange(timeline));
        // the GOP as indexed, and one far too short: ticks past it are decoded again on their own,
        // with a plain seek (in MPEG-TS too, whose seeks can land past the keyframe a tick needs)
        List<Double> gops = List.of(keyframes.maxInterval(), 0.05);
        for (double gop : gops) {
          String what = video + " " + options + " GOP " + gop;
          List<byte[]> skimmed;
          try {
            skimmed = frames(video, info, options, skim(timeline, keyframes, gop));
          } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
          }
          assertThat(keyframes.hasTimeBase()).as(what).isTrue();
          assertThat(whole).as(what).hasSize(timeline.count());
          assertThat(skimmed).as(what).hasSameSizeAs(whole);
          for (int i = 0; i < whole.size(); i++) {
            assertThat(skimmed.get(i)).as(what + " frame " + i).isEqualTo(whole.get(i));
          }
        }
      }
    }
  }

  @Test
  void aSeekInMpegTsStartsDecodingAtOrBeforeTheFrameWanted() throws Exception {
    Path video = TestVideos.h264Ts();
    Ffmpeg ffmpeg = Ffmpeg.at(TestVideos.ffmpegBinary());
    VideoInfo info = new VideoProbe(ffmpeg).probe(video);
    MediaSource source = MediaSource.file(video).withDemuxer(info.demuxer());
    assertThat(SafeSeek.needed(info)).isTrue();

    // keyframes every second: ffmpeg's own seek to 1.5 s lands on the one at 2 s, not 1 s
    assertThat(SafeSeek.landing(ffmpeg, source, info, 1.5)).isGreaterThan(1.5);
    for (double wanted : new double[] {0.4, 1.0, 1.5, 2.9, 3.5}) {
      double point = SafeSeek.seekPoint(ffmpeg, source, info, wanted, wanted);
      assertThat(point).as("wanted %s", wanted).isLessThanOrEqualTo(wanted);
      if (point > 0) {
        assertThat(SafeSeek.landing(ffmpeg, source, info, point))
            .as("landing for %s", wanted)
            .isLessThanOrEqualTo(wanted);
      }
    }
  }

  @Test
  void skimmingAVariableFrameRateGivesTheFrameOnScreenAtEachTimestamp() throws Exception {
    Path video = TestVideos.variableFrameRateMkv();
    VideoInfo info =
        new VideoProbe(dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary()))
            .probe(video);
    Keyframes keyframes =
        new KeyframeIndexer(dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary()))
            .index(MediaSource.file(video).withDemuxer(info.demuxer()), info.durationSeconds());
    ExtractionOptions options = ExtractionOptions.builder().fps(10.0).start(0.02).end(2.9).build();
    Timeline timeline = Timeline.of(options, info.durationSeconds());

    List<Integer> whole = decode(video, info, options, wholeRange(timeline));

    assertThat(whole.subList(10, 12)).containsExactly(31, 32);
    assertThat(decode(video, info, options, skim(timeline, keyframes, keyframes.maxInterval())))
        .isEqualTo(whole);
  }

  @Test
  void theSkimFilterDropsTheEndOfEachGopAndGopsWithoutATimestamp() throws Exception {
    Path video = bFramesMp4();
    VideoInfo info =
        new VideoProbe(dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary()))
            .probe(video);
    // a tick every 2.5 s with a keyframe every second: GOPs 1 and 3 hold none
    ExtractionOptions options = ExtractionOptions.builder().intervalSeconds(2.5).build();
    Timeline timeline = Timeline.of(options, info.durationSeconds());
    MediaSource source = MediaSource.file(video).withDemuxer(info.demuxer());
    Keyframes keyframes =
        new KeyframeIndexer(dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary()))
            .index(source, info.durationSeconds());
    SkimParameters skim =
        new SkimParameters(
            keyframes.maxInterval(), keyframes.timeBaseNum(), keyframes.timeBaseDen());
    List<String> args =
        new ArrayList<>(
            SkimCommand.copyArguments(
                source, info, timeline, new DecodeRun(0, 0, timeline.count()), skim));
    args.set(args.size() - 1, "-"); // pipe:1, stdout
    args.set(args.indexOf("nut"), "framecrc");
    List<String> packets = new ArrayList<>();
    dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary())
        .run(args, packets::add, null);
    List<String> kept = packets.stream().filter(l -> l.startsWith("0,")).toList();
    // the same copy without the filter: every packet, in decode order
    int bsf = args.indexOf("-bsf:v");
    args.remove(bsf + 1);
    args.remove(bsf);
    List<String> all = new ArrayList<>();
    dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary()).run(args, all::add, null);
    List<String> every = all.stream().filter(l -> l.startsWith("0,")).toList();

    // 120 packets in 4 GOPs of 30; ticks at 0 and 2.5 s: of GOP 0 the keyframe alone (it is the
    // frame at 0 s), of GOP 2 the packets in decode order up to that of the frame at 2.5 s, of
    // GOPs 1 and 3 none
    assertThat(every).hasSize(120);
    long[] timeBase = {1, 1};
    for (String line : all) {
      if (line.startsWith("#tb 0: ")) {
        String[] fraction = line.substring(7).trim().split("/");
        timeBase = new long[] {Long.parseLong(fraction[0]), Long.parseLong(fraction[1])};
      }
    }
    double frame = 1 / info.frameRateOrDefault();
    List<String> expected = new ArrayList<>();
    int gop = -1;
    boolean taking = false;
    for (String line : every) {
      String[] fields = line.split(",\\s*");
      double pts =
          Long.parseLong(fields[2]) * (double) timeBase[0] / timeBase[1] - info.startSeconds();
      if (!line.contains("F=0x0")) {
        gop++;
        taking = gop == 0 || gop == 2;
      }
      if (taking) {
        expected.add(line);
        double tick = gop == 0 ? 0 : 2.5;
        if (pts >= tick - 0.0005 && pts < tick + frame - 0.0005) {
          taking = false;
        }
      }
    }
    assertThat(gop).isEqualTo(3);
    assertThat(kept).containsExactlyElementsOf(expected);
    assertThat(kept.get(0)).doesNotContain("F=0x0");
    assertThat(kept.stream().filter(l -> !l.contains("F=0x0")).count()).isEqualTo(2);
    // the frame at 2.5 s is a B-frame: GOP 2 stops before the packets decoded after it (18 kept)
    assertThat(expected.size()).isBetween(16, 20);
  }

  /** H.264 with B-frames (x264's default pyramid), a keyframe every second, 4 s at 30 fps. */
  private static Path bFramesMp4() throws Exception {
    Path file = TestVideos.DIR.resolve("skim-bframes.mp4").toAbsolutePath();
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      Path part = file.resolveSibling("skim-bframes.part.mp4");
      dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary())
          .run(
              List.of(
                  "-y",
                  "-f",
                  "lavfi",
                  "-i",
                  "testsrc2=s=320x240:r=30",
                  "-t",
                  "4",
                  "-c:v",
                  "libx264",
                  "-preset",
                  "veryfast",
                  "-g",
                  "30",
                  "-keyint_min",
                  "30",
                  "-sc_threshold",
                  "0",
                  "-bf",
                  "3",
                  part.toString()),
              null,
              null);
      Files.move(part, file);
    }
    return file;
  }

  private static SamplingPlan skim(Timeline timeline, Keyframes keyframes, double gop) {
    int half = timeline.count() / 2;
    return new SamplingPlan(
        timeline,
        Strategy.SKIM,
        List.of(new DecodeRun(0, 0, half), new DecodeRun(1, half, timeline.count())),
        new SkimParameters(gop, keyframes.timeBaseNum(), keyframes.timeBaseDen()));
  }

  private static SamplingPlan wholeRange(Timeline timeline) {
    return new SamplingPlan(
        timeline, Strategy.DENSE, List.of(new DecodeRun(0, 0, timeline.count())));
  }

  /** Two runs: the first seeks to every third tick, the second to every tick. */
  private static SamplingPlan seekWindows(Timeline timeline) {
    int half = timeline.count() / 2;
    List<Integer> everyThird = new ArrayList<>();
    for (int k = 0; k < half; k += 3) {
      everyThird.add(k);
    }
    List<Integer> every = IntStream.range(half, timeline.count()).boxed().toList();
    return new SamplingPlan(
        timeline,
        Strategy.SPARSE,
        List.of(
            new DecodeRun(0, 0, half, everyThird),
            new DecodeRun(1, half, timeline.count(), every)));
  }

  private static List<DecodeRun> splitInFive(int count) {
    List<DecodeRun> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(new DecodeRun(i, count * i / 5, count * (i + 1) / 5));
    }
    return runs;
  }

  private List<Integer> decode(
      Path video, VideoInfo info, ExtractionOptions options, SamplingPlan plan) throws Exception {
    List<Integer> numbers = new ArrayList<>();
    for (byte[] frame : frames(video, info, options, plan)) {
      numbers.add(FrameNumbers.read(frame));
    }
    return numbers;
  }

  /** The frames as the sink receives them (and checks on the ticks and the work directory). */
  private List<byte[]> frames(
      Path video, VideoInfo info, ExtractionOptions options, SamplingPlan plan) throws Exception {
    Path frames = Files.createTempDirectory(dir, "frames");
    List<byte[]> contents = new ArrayList<>();
    List<Integer> ticks = new ArrayList<>();
    new FrameDecoder(Ffmpeg.at(TestVideos.ffmpegBinary()), 2)
        .decode(
            dev.frameflow.extractor.ffmpeg.MediaSource.file(video).withDemuxer(info.demuxer()),
            info,
            plan,
            options,
            frames,
            decoded -> {
              for (DecodedFrame frame : decoded) {
                contents.add(Files.readAllBytes(frame.file()));
                ticks.add(frame.tick());
              }
            },
            new TimelineProgress(plan.timeline().count(), ProgressListener.NONE));
    assertThat(ticks).isEqualTo(IntStream.range(0, plan.timeline().count()).boxed().toList());
    assertThat(frames).isEmptyDirectory();
    return contents;
  }
}
