package dev.frameflow.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.slicing.SliceVideo;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ManifestTest {

  @Test
  void aVideoTurnedAQuarterShowsItsSidesSwappedAndEveryFrameByItsEntryName() throws Exception {
    // a phone video: coded 1920x1080, played turned by 90 degrees
    SliceVideo video = new SliceVideo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1920, 1080, 30, 90, 2, 0);
    ExtractionOptions options = ExtractionOptions.defaults();
    FrameLog frames = new FrameLog();
    frames.add(0, 0, true);
    frames.add(1.0333, 1, false);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Manifest.write(out, "s3://in/clip.mp4", video, options, "dense", frames, Manifest.Extras.NONE);
    JsonNode manifest = JsonMapper.builder().build().readTree(out.toByteArray());

    assertThat(manifest.at("/video/width").asInt()).isEqualTo(1920);
    assertThat(manifest.at("/video/displayWidth").asInt()).isEqualTo(1080);
    assertThat(manifest.at("/video/displayHeight").asInt()).isEqualTo(1920);
    assertThat(manifest.get("frameCount").asInt()).isEqualTo(2);
    assertThat(manifest.at("/frames/1/file").asText())
        .isEqualTo(EntryNames.frame(2, 1.0333, options.format()));
    assertThat(manifest.at("/frames/1/requestedTimestamp").asDouble()).isEqualTo(1.0);
    assertThat(manifest.at("/frames/0/keyframe").asBoolean()).isTrue();
    assertThat(manifest.has("storyboard")).isFalse();
  }
}
