package dev.frameflow.operator.slicing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.archive.EntryNames;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.slicing.SliceEntry;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.contracts.slicing.SliceVideo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The rules a pod's {@link SliceIndex} must meet before the operator writes a ZIP from it. */
class SliceIndexRulesTest {

  static final ExtractionOptions OPTIONS =
      ExtractionOptions.builder().fps(1.0).format(ImageFormat.JPEG).build();
  static final long SPILL_BOUND = 5L * 1024 * 1024;

  @Test
  void honestIndexesPass() {
    assertThatCode(() -> SliceIndexRules.check(honest(), 2, SPILL_BOUND))
        .doesNotThrowAnyException();
  }

  @Test
  void eachBrokenRuleIsRefused() {
    List<UnaryOperator<SliceIndex>> lies =
        List.of(
            i ->
                copy(
                    i,
                    i.slice(),
                    i.endTick(),
                    i.firstTick(),
                    "dense",
                    i.partBytes(),
                    null,
                    i.entries()),
            i ->
                copy(
                    i,
                    i.slice(),
                    i.firstTick(),
                    i.endTick(),
                    "fast",
                    i.partBytes(),
                    null,
                    i.entries()),
            i ->
                copy(
                    i,
                    i.slice(),
                    i.firstTick(),
                    i.endTick(),
                    "dense",
                    i.partBytes(),
                    7,
                    i.entries()),
            i ->
                copy(
                    i,
                    i.slice(),
                    i.firstTick(),
                    i.endTick(),
                    "dense",
                    SPILL_BOUND + 1,
                    null,
                    i.entries()),
            i -> withEntry(i, "frame-000002-1.000s.png"),
            i -> withEntry(i, "../../etc/passwd"),
            i -> withEntry(i, "frame-000001-0.000s.jpg"),
            i ->
                copy(
                    i,
                    i.slice(),
                    i.firstTick(),
                    i.endTick(),
                    "dense",
                    i.partBytes() + 1,
                    null,
                    i.entries()),
            i -> {
              SliceEntry e = i.entries().get(0);
              SliceEntry gap =
                  new SliceEntry(e.name(), e.crc(), e.size(), e.offset() + 1, 1, 1, true);
              return copy(
                  i,
                  i.slice(),
                  i.firstTick(),
                  i.endTick(),
                  "dense",
                  i.partBytes() + 1,
                  null,
                  List.of(gap));
            });
    for (UnaryOperator<SliceIndex> lie : lies) {
      List<SliceIndex> indexes = new ArrayList<>(honest());
      indexes.set(1, lie.apply(indexes.get(1)));
      assertThatThrownBy(() -> SliceIndexRules.check(indexes, 2, SPILL_BOUND))
          .isInstanceOf(SliceAssembly.InconsistentSlicesException.class);
    }
  }

  @Test
  void thePreviewPassesOnlyFromTheIndexThatMakesItAfterItsFramesWhenAsked() {
    ExtractionOptions withPreview =
        ExtractionOptions.builder().fps(1.0).format(ImageFormat.JPEG).preview(true).build();
    List<SliceIndex> honest =
        List.of(withPreview(index(0), withPreview), withOptions(index(1), withPreview));
    assertThatCode(() -> SliceIndexRules.check(honest, 2, SPILL_BOUND)).doesNotThrowAnyException();

    List<List<SliceIndex>> lies =
        List.of(
            // not asked for
            List.of(withPreview(index(0), OPTIONS), index(1)),
            // from an index that does not make it (index 0 of 2 does)
            List.of(withOptions(index(0), withPreview), withPreview(index(1), withPreview)),
            // twice in the video
            List.of(withPreview(index(0), withPreview), withPreview(index(1), withPreview)),
            // before the index's frames
            List.of(previewFirst(index(0), withPreview), withOptions(index(1), withPreview)));
    for (List<SliceIndex> lie : lies) {
      assertThatThrownBy(() -> SliceIndexRules.check(lie, 2, SPILL_BOUND))
          .isInstanceOf(SliceAssembly.InconsistentSlicesException.class);
    }
  }

  private static SliceIndex withOptions(SliceIndex i, ExtractionOptions options) {
    return new SliceIndex(
        i.slice(),
        i.slices(),
        i.firstTick(),
        i.endTick(),
        i.source(),
        i.video(),
        options,
        i.strategy(),
        i.partBytes(),
        i.partNumber(),
        i.etag(),
        i.modifiedMillis(),
        i.entries());
  }

  private static final long PREVIEW_BYTES = 30 + EntryNames.PREVIEW.length() + 500;

  /** The index's part with a 500-byte preview after its frame. */
  private static SliceIndex withPreview(SliceIndex i, ExtractionOptions options) {
    List<SliceEntry> entries = new ArrayList<>(i.entries());
    entries.add(new SliceEntry(EntryNames.PREVIEW, 2, 500, i.partBytes(), 0.5, 0.5, false));
    return withEntries(i, entries, options);
  }

  /** The same, the preview written before the frame. */
  private static SliceIndex previewFirst(SliceIndex i, ExtractionOptions options) {
    SliceEntry f = i.entries().get(0);
    SliceEntry movedFrame =
        new SliceEntry(
            f.name(),
            f.crc(),
            f.size(),
            PREVIEW_BYTES,
            f.timestamp(),
            f.requestedTimestamp(),
            true);
    return withEntries(
        i,
        List.of(new SliceEntry(EntryNames.PREVIEW, 2, 500, 0, 0.5, 0.5, false), movedFrame),
        options);
  }

  /** {@code i} with {@code entries}: its frame and a preview, so its part grows by the preview. */
  private static SliceIndex withEntries(
      SliceIndex i, List<SliceEntry> entries, ExtractionOptions options) {
    SliceIndex grown =
        copy(
            i,
            i.slice(),
            i.firstTick(),
            i.endTick(),
            "dense",
            i.partBytes() + PREVIEW_BYTES,
            null,
            entries);
    return withOptions(grown, options);
  }

  @Test
  void aMissingIndexOrAnotherPlansCountIsRefused() {
    List<SliceIndex> indexes = new ArrayList<>(honest());
    assertThatThrownBy(() -> SliceIndexRules.check(indexes, 3, SPILL_BOUND))
        .isInstanceOf(SliceAssembly.InconsistentSlicesException.class);
    indexes.set(1, null);
    assertThatThrownBy(() -> SliceIndexRules.check(indexes, 2, SPILL_BOUND))
        .isInstanceOf(SliceAssembly.InconsistentSlicesException.class);
  }

  private static List<SliceIndex> honest() {
    return List.of(index(0), index(1));
  }

  private static SliceIndex index(int n) {
    String name = EntryNames.frame(n + 1, n, ImageFormat.JPEG);
    long size = 100;
    long part = 30 + name.getBytes(StandardCharsets.UTF_8).length + size;
    return new SliceIndex(
        n,
        2,
        n,
        n + 1,
        "s3://uploads/video.mp4",
        new SliceVideo("mov,mp4", "h264", 64, 64, 25.0, 0, 2.0, 0.0),
        OPTIONS,
        "dense",
        part,
        null,
        null,
        0,
        List.of(new SliceEntry(name, 1, size, 0, n, n, true)));
  }

  private static SliceIndex withEntry(SliceIndex i, String name) {
    SliceEntry e = i.entries().get(0);
    long part = 30 + name.getBytes(StandardCharsets.UTF_8).length + e.size();
    return copy(
        i,
        i.slice(),
        i.firstTick(),
        i.endTick(),
        "dense",
        part,
        null,
        List.of(new SliceEntry(name, e.crc(), e.size(), 0, 1, 1, true)));
  }

  private static SliceIndex copy(
      SliceIndex i,
      int slice,
      int firstTick,
      int endTick,
      String strategy,
      long partBytes,
      Integer partNumber,
      List<SliceEntry> entries) {
    return new SliceIndex(
        slice,
        i.slices(),
        firstTick,
        endTick,
        i.source(),
        i.video(),
        i.options(),
        strategy,
        partBytes,
        partNumber,
        partNumber == null ? null : "\"etag\"",
        i.modifiedMillis(),
        entries);
  }
}
