package dev.frameflow.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.slicing.SliceEntry;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.contracts.slicing.SliceVideo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The final step alone: parts written by {@link PartZipWriter}, some "uploaded" (concatenated in
 * front, as S3 completes a multipart upload), some spilled (copied into the tail), then the tail.
 * The ZIP must read with {@link ZipFile} and pass {@code unzip -t}.
 */
class ZipAssemblerTest {

  private static final SliceVideo VIDEO =
      new SliceVideo("mov,mp4,m4a,3gp,3g2,mj2", "h264", 320, 240, 30, 0, 12, 0);
  private static final ExtractionOptions OPTIONS = ExtractionOptions.builder().fps(1.0).build();

  @TempDir Path dir;

  private final Random random = new Random(19);

  @Test
  void uploadedAndSpilledPartsMakeOneZipWithEveryFrameInOrderAndOneManifest() throws Exception {
    // 3 slices of 4 frames each; slice 1 "spills" (too small for S3), 0 and 2 are uploaded parts
    List<byte[]> frames = new ArrayList<>();
    List<SliceIndex> indexes = new ArrayList<>();
    List<byte[]> parts = new ArrayList<>();
    for (int slice = 0; slice < 3; slice++) {
      ByteArrayOutputStream part = new ByteArrayOutputStream();
      PartZipWriter writer = new PartZipWriter(part, 1_700_000_000_000L);
      for (int k = 0; k < 4; k++) {
        int tick = slice * 4 + k;
        byte[] bytes = randomBytes(1000 + random.nextInt(5000));
        frames.add(bytes);
        Path file = dir.resolve("f" + tick);
        Files.write(file, bytes);
        writer.addStored(
            String.format("frame-%06d-%d.000s.jpg", tick + 1, tick),
            file,
            tick,
            tick,
            tick % 2 == 0);
      }
      parts.add(part.toByteArray());
      boolean uploaded = slice != 1;
      indexes.add(
          new SliceIndex(
              slice,
              3,
              slice * 4,
              slice * 4 + 4,
              "s3://b/k",
              VIDEO,
              OPTIONS,
              "dense",
              part.size(),
              uploaded ? slice + 1 : null,
              uploaded ? "\"etag" + slice + "\"" : null,
              1_700_000_000_000L,
              writer.entries()));
    }
    Path zip = dir.resolve("out.zip");
    ZipAssembler.Assembly done;
    try (OutputStream out = Files.newOutputStream(zip)) {
      out.write(parts.get(0));
      out.write(parts.get(2));
      done =
          ZipAssembler.assemble(
              indexes,
              slice -> new ByteArrayInputStream(parts.get(slice)),
              out,
              1_700_000_000_000L);
    }

    assertThat(done.frames()).isEqualTo(12);
    assertThat(done.zipBytes()).isEqualTo(Files.size(zip));
    assertThat(done.tailPart()).isEqualTo(4);
    assertThat(done.uploadedParts())
        .containsExactly(
            new ZipAssembler.UploadedPart(1, "\"etag0\""),
            new ZipAssembler.UploadedPart(3, "\"etag2\""));
    try (ZipFile read = new ZipFile(zip.toFile())) {
      List<? extends ZipEntry> entries = Collections.list(read.entries());
      assertThat(entries).hasSize(13);
      for (int i = 0; i < 12; i++) {
        ZipEntry entry = entries.get(i);
        assertThat(entry.getName()).startsWith(String.format("frame-%06d-", i + 1));
        assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
        assertThat(read.getInputStream(entry).readAllBytes()).isEqualTo(frames.get(i));
      }
      assertThat(entries.get(12).getName()).isEqualTo("manifest.json");
      JsonNode manifest =
          JsonMapper.builder().build().readTree(read.getInputStream(entries.get(12)));
      assertThat(manifest.get("frameCount").asInt()).isEqualTo(12);
      assertThat(manifest.get("frames").get(11).get("file").asText())
          .isEqualTo("frame-000012-11.000s.jpg");
      assertThat(manifest.get("video").get("codec").asText()).isEqualTo("h264");
    }
    assertThat(unzipTest(zip)).contains("No errors detected");
  }

  /**
   * The middle index's part ends with {@code preview.webp}: the ZIP lists it after every frame and
   * before the manifest, which names it, and it is no frame.
   */
  @Test
  void thePreviewInTheMiddlePartIsListedAfterTheFramesAndInTheManifest() throws Exception {
    ExtractionOptions withPreview = ExtractionOptions.builder().fps(1.0).preview(true).build();
    byte[] webp = randomBytes(3000);
    ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
    List<SliceIndex> indexes = new ArrayList<>();
    for (int slice = 0; slice < 3; slice++) {
      ByteArrayOutputStream part = new ByteArrayOutputStream();
      PartZipWriter writer = new PartZipWriter(part, 1_700_000_000_000L);
      Path frame = Files.write(dir.resolve("f" + slice), randomBytes(500));
      writer.addStored(
          String.format("frame-%06d-%d.000s.jpg", slice + 1, slice), frame, slice, slice, true);
      if (slice == 1) {
        writer.addStored(EntryNames.PREVIEW, Files.write(dir.resolve("p"), webp), 0.5, 0.5, false);
      }
      zipBytes.write(part.toByteArray());
      indexes.add(
          new SliceIndex(
              slice,
              3,
              slice,
              slice + 1,
              "s3://b/k",
              VIDEO,
              withPreview,
              "dense",
              part.size(),
              slice + 1,
              "\"e" + slice + "\"",
              1_700_000_000_000L,
              writer.entries()));
    }
    ZipAssembler.Assembly done =
        ZipAssembler.assemble(indexes, slice -> null, zipBytes, 1_700_000_000_000L);
    Path zip = Files.write(dir.resolve("preview.zip"), zipBytes.toByteArray());

    assertThat(done.frames()).isEqualTo(3);
    assertThat(ZipAssembler.frameCount(indexes)).isEqualTo(3);
    try (ZipFile read = new ZipFile(zip.toFile())) {
      assertThat(Collections.list(read.entries()))
          .extracting(ZipEntry::getName)
          .containsExactly(
              "frame-000001-0.000s.jpg",
              "frame-000002-1.000s.jpg",
              "frame-000003-2.000s.jpg",
              "preview.webp",
              "manifest.json");
      assertThat(read.getInputStream(read.getEntry("preview.webp")).readAllBytes()).isEqualTo(webp);
      JsonNode manifest =
          JsonMapper.builder()
              .build()
              .readTree(read.getInputStream(read.getEntry("manifest.json")));
      assertThat(manifest.get("frameCount").asInt()).isEqualTo(3);
      assertThat(manifest.get("preview").asText()).isEqualTo("preview.webp");
    }
    assertThat(unzipTest(zip)).contains("No errors detected");
  }

  @Test
  void aPreviewMissingTwiceOrFromAnotherIndexIsRefused() {
    ExtractionOptions withPreview = ExtractionOptions.builder().fps(1.0).preview(true).build();
    SliceEntry frame = new SliceEntry("frame-000001-0.000s.jpg", 0, 0, 0, 0, 0, false);
    SliceEntry preview = new SliceEntry(EntryNames.PREVIEW, 0, 0, 53, 0, 0, false);
    SliceIndex plain =
        new SliceIndex(0, 1, 0, 1, "s", VIDEO, withPreview, "dense", 53, 1, "e", 0, List.of(frame));
    assertThatThrownBy(() -> ZipAssembler.check(List.of(plain)))
        .hasMessageContaining("lists 0 previews, not 1");
    SliceIndex unasked =
        new SliceIndex(
            0, 1, 0, 1, "s", VIDEO, OPTIONS, "dense", 95, 1, "e", 0, List.of(frame, preview));
    assertThatThrownBy(() -> ZipAssembler.check(List.of(unasked)))
        .hasMessageContaining("lists 1 previews, not 0");
    SliceIndex first =
        new SliceIndex(
            0, 2, 0, 1, "s", VIDEO, withPreview, "dense", 95, 1, "e", 0, List.of(frame, preview));
    SliceIndex second =
        new SliceIndex(
            1, 2, 1, 2, "s", VIDEO, withPreview, "dense", 95, 2, "e", 0, List.of(frame, preview));
    assertThatThrownBy(() -> ZipAssembler.check(List.of(first, second)))
        .hasMessageContaining("slice 1 lists 1 previews, not 0");
  }

  @Test
  void moreThan65535EntriesGetZip64EndRecords() throws Exception {
    int count = 70_000;
    Path file = dir.resolve("tiny");
    Files.write(file, "x".getBytes(StandardCharsets.US_ASCII));
    Path zip = dir.resolve("many.zip");
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(zip))) {
      PartZipWriter writer = new PartZipWriter(out, 1_700_000_000_000L);
      for (int i = 0; i < count; i++) {
        writer.addStored(String.format("frame-%06d-%d.000s.jpg", i + 1, i), file, i, i, false);
      }
      SliceIndex index =
          new SliceIndex(
              0,
              1,
              0,
              count,
              "s3://b/k",
              VIDEO,
              OPTIONS,
              "dense",
              writer.bytes(),
              1,
              "\"e\"",
              1_700_000_000_000L,
              writer.entries());
      ZipAssembler.assemble(List.of(index), slice -> null, out, 1_700_000_000_000L);
    }
    try (ZipFile read = new ZipFile(zip.toFile())) {
      assertThat(read.size()).isEqualTo(count + 1);
      assertThat(
              new String(
                  read.getInputStream(read.getEntry("frame-070000-69999.000s.jpg")).readAllBytes(),
                  StandardCharsets.US_ASCII))
          .isEqualTo("x");
    }
    assertThat(unzipTest(zip)).contains("No errors detected");
  }

  @Test
  void indexesThatDoNotMakeOnePlanAreRefused() {
    SliceIndex a =
        new SliceIndex(0, 2, 0, 4, "s", VIDEO, OPTIONS, "dense", 0, 1, "e", 0, List.of());
    SliceIndex gap =
        new SliceIndex(1, 2, 5, 8, "s", VIDEO, OPTIONS, "dense", 0, 2, "e", 0, List.of());
    assertThatThrownBy(() -> ZipAssembler.check(List.of(a)))
        .hasMessageContaining("1 slice indexes for 2 slices");
    assertThatThrownBy(() -> ZipAssembler.check(List.of(a, gap)))
        .hasMessageContaining("does not follow");
    SliceEntry entry = new SliceEntry("frame-000001-0.000s.jpg", 0, 0, 0, 0, 0, false);
    SliceIndex noEtag =
        new SliceIndex(0, 1, 0, 1, "s", VIDEO, OPTIONS, "dense", 30, 1, null, 0, List.of(entry));
    assertThatThrownBy(() -> ZipAssembler.check(List.of(noEtag))).hasMessageContaining("ETag");
  }

  private byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String unzipTest(Path zip) throws IOException, InterruptedException {
    Process unzip =
        new ProcessBuilder("unzip", "-t", zip.toString()).redirectErrorStream(true).start();
    String output = new String(unzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(unzip.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(unzip.exitValue()).as(output).isZero();
    return output;
  }
}
