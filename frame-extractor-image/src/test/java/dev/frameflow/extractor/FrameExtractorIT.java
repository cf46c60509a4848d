package dev.frameflow.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.extractor.testing.FrameNumbers;
import dev.frameflow.extractor.testing.ZipContents;
import dev.frameflow.testing.TestVideos;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library against real videos, generated with the ffmpeg on the PATH (else the bundled one).
 */
class FrameExtractorIT {

  @TempDir Path dir;

  private final FrameExtractor extractor =
      new FrameExtractor(
          null,
          ExtractorLimits.defaults().withParallelism(2),
          Ffmpeg.at(TestVideos.ffmpegBinary()));

  /** Sparse sampling with seek windows, as for a URL. */
  private final FrameExtractor windowsOnly =
      new FrameExtractor(
          null,
          ExtractorLimits.defaults().withParallelism(2).withSkimming(false),
          dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary()));

  @Test
  void oneFramePerSecondIsTheFrameShownAtEachWholeSecond() throws Exception {
    List<Integer> percents = Collections.synchronizedList(new ArrayList<>());

    ExtractionResult result = extract(TestVideos.h264Mp4(), options(1.0, null), percents::add);

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    assertThat(zip.frameNames())
        .containsExactly(
            "frame-000001-0.000s.jpg",
            "frame-000002-1.000s.jpg",
            "frame-000003-2.000s.jpg",
            "frame-000004-3.000s.jpg");
    assertThat(zip.frameNumbers()).containsExactly(0, 30, 60, 90);
    assertThat(result.frames()).isEqualTo(4);
    assertThat(result.bytes()).isEqualTo(Files.size(dir.resolve("out.zip")));
    assertThat(result.videoDurationSeconds()).isEqualTo(4.0);
    assertThat(result.output()).isEqualTo(ObjectLocation.parse(dir.resolve("out.zip").toString()));
    assertThat(percents).isSorted().endsWith(100).doesNotHaveDuplicates();
  }

  @Test
  void withOneWorkerTheSecondsAreSeekWindowsSharedByTwoProcessesAndGiveTheSameFrames()
      throws Exception {
    // a keyframe every second: each second is a window of its own, two windows per ffmpeg
    FrameExtractor oneWorker =
        new FrameExtractor(
            null,
            ExtractorLimits.defaults().withParallelism(1).withSkimming(false),
            Ffmpeg.at(TestVideos.ffmpegBinary()));
    Path out = dir.resolve("one-worker.zip");

    oneWorker.extract(
        new ExtractionRequest(
            ObjectLocation.parse(TestVideos.h264Mp4().toString()),
            ObjectLocation.parse(out.toString()),
            options(1.0, null),
            dir.resolve("work")),
        null);

    ZipContents zip = ZipContents.of(out);
    assertThat(zip.frameNumbers()).containsExactly(0, 30, 60, 90);
    assertThat(zip.manifest().get("strategy").asText()).isEqualTo("sparse");
  }

  @Test
  void framesAreStoredAndTheManifestMapsEveryFrameToItsTimestamp() throws Exception {
    extract(TestVideos.h264Mp4(), options(2.0, null), null);

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    assertThat(zip.frameNames())
        .allSatisfy(n -> assertThat(zip.methods().get(n)).isEqualTo(ZipEntry.STORED));
    assertThat(List.copyOf(zip.entries().keySet())).last().isEqualTo("manifest.json");
    JsonNode manifest = zip.manifest();
    assertThat(manifest.get("video").get("codec").asText()).isEqualTo("h264");
    assertThat(manifest.get("video").get("width").asInt()).isEqualTo(320);
    assertThat(manifest.get("video").get("frameRate").asDouble()).isEqualTo(30.0);
    assertThat(manifest.get("options").get("fps").asDouble()).isEqualTo(2.0);
    assertThat(manifest.get("options").get("format").asText()).isEqualTo("jpeg");
    assertThat(manifest.get("frameCount").asInt()).isEqualTo(8);
    JsonNode third = manifest.get("frames").get(2);
    assertThat(third.get("index").asInt()).isEqualTo(3);
    assertThat(third.get("file").asText()).isEqualTo("frame-000003-1.000s.jpg");
    assertThat(third.get("timestamp").asDouble()).isEqualTo(1.0);
    assertThat(third.get("requestedTimestamp").asDouble()).isEqualTo(1.0);
    assertThat(zip.frameNames())
        .containsExactlyElementsOf(
            IntStream.range(0, 8)
                .mapToObj(i -> manifest.get("frames").get(i).get("file").asText())
                .toList());
  }

  @Test
  void aRateThatIsNoMultipleOfTheVideosGivesTheFirstFrameAtOrAfterEachTimestamp() throws Exception {
    extract(TestVideos.h264Mp4(), options(7.0, null), null);

    List<Integer> expected = new ArrayList<>();
    for (int k = 0; k < 28; k++) {
      expected.add((int) Math.ceil(30.0 * k / 7 - 1e-9));
    }
    assertThat(ZipContents.of(dir.resolve("out.zip")).frameNumbers())
        .containsExactlyElementsOf(expected);
  }

  @Test
  void aFewWindowsOfALocalFileAreOpenedEachAndGiveTheSameFramesAsWithSkimmingOff()
      throws Exception {
    // a few windows in a short file: opening it per window costs less than reading through it
    // (Planner.readingThroughPays); skimmed runs give the same frames too (FrameDecoderIT)
    for (ExtractionOptions options : List.of(options(1.0, null), options(null, 1.5))) {
      extract(TestVideos.h264Mp4(), options, null);
      ZipContents skimmed = ZipContents.of(dir.resolve("out.zip"));
      extractWith(windowsOnly, TestVideos.h264Mp4(), options);
      ZipContents windowed = ZipContents.of(dir.resolve("out.zip"));

      assertThat(skimmed.manifest().get("strategy").asText()).isEqualTo("sparse");
      assertThat(windowed.manifest().get("strategy").asText()).isEqualTo("sparse");
      assertThat(skimmed.frameNames()).isEqualTo(windowed.frameNames()).isNotEmpty();
      for (int i = 0; i < windowed.frames().size(); i++) {
        assertThat(skimmed.frames().get(i)).as("frame %d", i).isEqualTo(windowed.frames().get(i));
      }
    }
  }

  @Test
  void anIntervalWellAboveTheKeyframeSpacingSeeksToEachSample() throws Exception {
    extractWith(windowsOnly, TestVideos.h264Mp4(), options(null, 1.5));

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    assertThat(zip.frameNumbers()).containsExactly(0, 45, 90);
    assertThat(zip.frameNames())
        .containsExactly(
            "frame-000001-0.000s.jpg", "frame-000002-1.500s.jpg", "frame-000003-3.000s.jpg");
    assertThat(zip.manifest().get("strategy").asText()).isEqualTo("sparse");
  }

  @Test
  void startEndAndMaxFramesBoundTheTimeline() throws Exception {
    extract(
        TestVideos.h264Mp4(),
        ExtractionOptions.builder().fps(2.0).start(1.0).end(3.0).build(),
        null);
    assertThat(ZipContents.of(dir.resolve("out.zip")).frameNumbers())
        .containsExactly(30, 45, 60, 75);

    extract(
        TestVideos.h264Mp4(),
        ExtractionOptions.builder().fps(2.0).maxFrames(3).start(1.0).build(),
        null);
    assertThat(ZipContents.of(dir.resolve("out.zip")).frameNumbers()).containsExactly(30, 45, 60);
  }

  @Test
  void pngFramesScaledToAWidthKeepTheAspectRatio() throws Exception {
    extract(
        TestVideos.h264Mp4(),
        ExtractionOptions.builder().fps(1.0).format(ImageFormat.PNG).width(160).build(),
        null);

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    assertThat(zip.frameNames()).allMatch(name -> name.endsWith(".png"));
    for (byte[] frame : zip.frames()) {
      assertThat(frame).startsWith(0x89, 'P', 'N', 'G');
      BufferedImage image = FrameNumbers.image(frame);
      assertThat(image.getWidth()).isEqualTo(160);
      assertThat(image.getHeight()).isEqualTo(120);
    }
    assertThat(zip.frameNumbers()).containsExactly(0, 30, 60, 90);
  }

  @Test
  void vp9InWebmAndHevcInMatroskaAreDecodedToo() throws Exception {
    extract(TestVideos.vp9Webm(), options(5.0, null), null);
    assertThat(ZipContents.of(dir.resolve("out.zip")).frameNumbers())
        .containsExactly(0, 5, 10, 15, 20, 25, 30, 35, 40, 45);

    extract(TestVideos.hevcMkv(), options(4.0, null), null);
    ZipContents hevc = ZipContents.of(dir.resolve("out.zip"));
    assertThat(hevc.frameNumbers()).containsExactly(0, 6, 12, 18, 24, 30, 36, 42);
    assertThat(hevc.manifest().get("video").get("codec").asText()).isEqualTo("hevc");
  }

  @Test
  void anMpegTsVideoIsReadWithTheDemuxerTheProbeFound() throws Exception {
    extract(TestVideos.h264Ts(), options(1.0, null), null);
    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    assertThat(zip.frameNumbers()).containsExactly(0, 30, 60, 90);
    assertThat(zip.manifest().get("video").get("container").asText()).isEqualTo("mpegts");
  }

  @Test
  void aRotatedPhoneVideoComesOutUpright() throws Exception {
    extract(TestVideos.rotatedMov(), options(1.0, null), null);
    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    assertThat(zip.manifest().get("video").get("rotation").asInt()).isEqualTo(90);
    assertThat(zip.frames()).hasSize(2);
    for (byte[] frame : zip.frames()) {
      BufferedImage image = FrameNumbers.image(frame);
      assertThat(image.getWidth()).isEqualTo(240);
      assertThat(image.getHeight()).isEqualTo(320);
    }

    extract(TestVideos.rotatedMov(), ExtractionOptions.builder().fps(1.0).width(120).build(), null);
    BufferedImage scaled =
        FrameNumbers.image(ZipContents.of(dir.resolve("out.zip")).frames().get(0));
    assertThat(scaled.getWidth()).isEqualTo(120);
    assertThat(scaled.getHeight()).isEqualTo(160);
  }

  @Test
  void aVariableFrameRateVideoGivesTheFrameOnScreenAtEachTimestamp() throws Exception {
    extract(TestVideos.variableFrameRateMkv(), options(10.0, null), null);

    ZipContents zip = ZipContents.of(dir.resolve("out.zip"));
    List<Integer> expected = new ArrayList<>();
    for (int k = 0; k < 30; k++) {
      expected.add(k < 10 ? 3 * k : 30 + (k - 10));
    }
    assertThat(zip.frameNumbers()).containsExactlyElementsOf(expected);
    JsonNode frames = zip.manifest().get("frames");
    for (int i = 0; i < expected.size(); i++) {
      assertThat(frames.get(i).get("timestamp").asDouble())
          .isCloseTo(
              TestVideos.variableFrameRateTimestamp(expected.get(i)),
              org.assertj.core.data.Offset.offset(0.001));
    }
  }

  @Test
  void timestampsWithoutANewFrameAddNoDuplicate() throws Exception {
    // 20 per second: the 30 fps second gives 20 frames, the 10 fps part only its 19 own frames
    extract(TestVideos.variableFrameRateMkv(), options(20.0, null), null);

    List<Integer> numbers = ZipContents.of(dir.resolve("out.zip")).frameNumbers();
    assertThat(numbers).doesNotHaveDuplicates().isSorted().hasSize(20 + 20);
    assertThat(numbers.subList(20, 40))
        .containsExactlyElementsOf(IntStream.range(30, 50).boxed().toList());
  }

  @Test
  void badInputIsRefusedWithAOneLineReason() {
    assertBadInput(TestVideos.emptyMp4(), "not a video: the file is empty (0 bytes)");
    assertBadInput(TestVideos.pngNamedMp4(), "not a video: a still image (png)");
    assertBadInput(TestVideos.audioOnlyMp4(), "not a video: audio only, no video stream");
    assertBadInput(
        TestVideos.truncatedMp4(), "not a video: truncated or corrupt file (moov atom not found)");
    assertBadInput(TestVideos.truncatedFastStartMp4(), "corrupt video");
    assertBadInput(dir.resolve("missing.mp4"), "source not found");
  }

  @Test
  void videosOverTheLimitsAreRefused() {
    FrameExtractor strict =
        new FrameExtractor(
            null,
            ExtractorLimits.defaults().withMaxDurationSeconds(3).withMaxPixels(320 * 240),
            Ffmpeg.at(TestVideos.ffmpegBinary()));
    assertThatThrownBy(() -> extractWith(strict, TestVideos.h264Mp4(), options(1.0, null)))
        .isInstanceOf(BadInputException.class)
        .hasMessage("video too long: 4.0 s, the limit is 3 s");

    FrameExtractor small =
        new FrameExtractor(
            null,
            ExtractorLimits.defaults().withMaxPixels(320 * 200),
            Ffmpeg.at(TestVideos.ffmpegBinary()));
    assertThatThrownBy(() -> extractWith(small, TestVideos.h264Mp4(), options(1.0, null)))
        .isInstanceOf(BadInputException.class)
        .hasMessage("video too large: 320x240 pixels, the limit is 64000 pixels per frame");
  }

  @Test
  void theWorkDirectoryIsEmptiedAndAnEarlierOutputKeptWhenExtractionFails() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Path out = dir.resolve("out.zip");
    Files.writeString(out, "earlier result");

    assertThatThrownBy(
            () ->
                extractor.extract(
                    new ExtractionRequest(
                        ObjectLocation.parse(TestVideos.truncatedFastStartMp4().toString()),
                        ObjectLocation.parse(out.toString()),
                        options(1.0, null),
                        work),
                    null))
        .isInstanceOf(BadInputException.class);

    assertThat(Files.readString(out)).isEqualTo("earlier result");
    assertThat(work).isEmptyDirectory();
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("out.zip", "work");
    }

    extractor.extract(
        new ExtractionRequest(
            ObjectLocation.parse(TestVideos.h264Mp4().toString()),
            ObjectLocation.parse(out.toString()),
            options(1.0, null),
            work),
        null);
    assertThat(work).isEmptyDirectory();
    assertThat(ZipContents.of(out).frames()).hasSize(4);
  }

  private void assertBadInput(Path video, String reason) {
    assertThatThrownBy(() -> extract(video, options(1.0, null), null))
        .as(video.toString())
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(reason)
        .hasMessageNotContaining("\n");
  }

  private ExtractionResult extract(Path video, ExtractionOptions options, ProgressListener progress)
      throws Exception {
    return extractor.extract(
        new ExtractionRequest(
            ObjectLocation.parse(video.toString()),
            ObjectLocation.parse(dir.resolve("out.zip").toString()),
            options,
            dir.resolve("work")),
        progress);
  }

  private ExtractionResult extractWith(FrameExtractor with, Path video, ExtractionOptions options)
      throws Exception {
    return with.extract(
        new ExtractionRequest(
            ObjectLocation.parse(video.toString()),
            ObjectLocation.parse(dir.resolve("out.zip").toString()),
            options,
            dir.resolve("work")),
        null);
  }

  private static ExtractionOptions options(Double fps, Double interval) {
    return ExtractionOptions.builder().fps(fps).intervalSeconds(interval).build();
  }
}
