package dev.frameflow.extractor.animation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.ExtractionRequest;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.FrameExtractor;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.extractor.testing.FrameNumbers;
import dev.frameflow.extractor.testing.ZipContents;
import dev.frameflow.testing.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preview=true} adds {@code preview.webp} to the ZIP, listed in the manifest: 3 s from the
 * middle of the video (or of start..end) at 10 fps; without the option there is none.
 */
class ExtractionPreviewIT {

  private static final Ffmpeg FFMPEG = Ffmpeg.at(TestVideos.ffmpegBinary());

  @TempDir Path dir;

  private final FrameExtractor extractor =
      new FrameExtractor(null, ExtractorLimits.defaults().withParallelism(2), FFMPEG);

  @Test
  void withThePreviewOptionTheZipHasAnAnimatedWebpFromTheMiddleListedInTheManifest()
      throws Exception {
    ZipContents zip =
        extract(TestVideos.h264Mp4(), ExtractionOptions.builder().fps(1.0).preview(true).build());

    assertThat(zip.entries()).containsKey("preview.webp");
    AnimationFiles.Animation preview = AnimationFiles.webp(zip.entries().get("preview.webp"));
    // the 4 s video's middle 3 s: 0.5 s to 3.5 s, frame 15 first, 30 frames, as wide as the video
    assertThat(preview.frames()).isEqualTo(30);
    assertThat(preview.loops()).isZero();
    assertThat(preview.width()).isEqualTo(320);
    assertThat(preview.height()).isEqualTo(240);
    assertThat(FrameNumbers.read(still(preview))).isEqualTo(15);
    JsonNode manifest = zip.manifest();
    assertThat(manifest.get("preview").asText()).isEqualTo("preview.webp");
    assertThat(manifest.get("options").get("preview").asBoolean()).isTrue();
    assertThat(frameCount(zip)).isEqualTo(4);
  }

  @Test
  void thePreviewShowsTheMiddleOfStartToEndAtTheFramesWidth() throws Exception {
    ZipContents zip =
        extract(
            TestVideos.h264Mp4(),
            ExtractionOptions.builder()
                .count(2)
                .start(1.0)
                .end(3.0)
                .width(160)
                .preview(true)
                .build());

    AnimationFiles.Animation preview = AnimationFiles.webp(zip.entries().get("preview.webp"));
    // start..end is 2 s long: all of it, from 1 s (frame 30)
    assertThat(preview.frames()).isEqualTo(20);
    assertThat(preview.width()).isEqualTo(160);
    assertThat(FrameNumbers.read(still(preview))).isEqualTo(30);
  }

  @Test
  void withoutTheOptionThereIsNoPreview() throws Exception {
    ZipContents zip = extract(TestVideos.h264Mp4(), ExtractionOptions.builder().fps(1.0).build());

    assertThat(zip.entries()).doesNotContainKey("preview.webp");
    assertThat(zip.manifest().has("preview")).isFalse();
  }

  private ZipContents extract(Path video, ExtractionOptions options) throws Exception {
    Path out = dir.resolve("out.zip");
    Files.deleteIfExists(out);
    extractor.extract(
        new ExtractionRequest(
            ObjectLocation.parse(video.toString()),
            ObjectLocation.parse(out.toString()),
            options.validated(),
            dir.resolve("work")),
        null);
    return ZipContents.of(out);
  }

  private static long frameCount(ZipContents zip) {
    return zip.entries().keySet().stream().filter(n -> n.startsWith("frame-")).count();
  }

  private byte[] still(AnimationFiles.Animation preview) throws Exception {
    Path webp = Files.write(Files.createTempFile(dir, "still-", ".webp"), preview.firstFrame());
    Path png = dir.resolve(webp.getFileName() + ".png");
    Ffmpeg.Outcome outcome =
        FFMPEG.run(
            List.of("-loglevel", "error", "-i", webp.toString(), "-y", png.toString()), null, null);
    assertThat(outcome.succeeded()).as(outcome.lastError()).isTrue();
    return Files.readAllBytes(png);
  }
}
