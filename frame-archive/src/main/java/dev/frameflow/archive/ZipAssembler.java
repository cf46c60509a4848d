package dev.frameflow.archive;

import dev.frameflow.contracts.slicing.SliceEntry;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.contracts.slicing.SlicePlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * The final step of a sliced extraction: from the indexes' {@link SliceIndex} objects, the last
 * bytes of the ZIP. The parts in the shared multipart upload stay where they are (they are never
 * read again); the tail holds, in order, the spilled parts (those below S3's minimum part size,
 * copied from their spill objects — small by definition), the manifest as a DEFLATED entry, the
 * central directory (frames in frame order, then {@code preview.webp} when the run made one, then
 * the manifest, as a one-pod run lists them) and the end record (ZIP64 when needed).
 *
 * <p>The preview is an entry of one index's part (the middle one's, after its frames): every other
 * entry of a part is a frame.
 */
public final class ZipAssembler {

  /** Reads index {@code slice}'s spill object. */
  @FunctionalInterface
  public interface Spills {
    InputStream open(int slice) throws IOException;
  }

  /** What the tail completes. */
  public record Assembly(
      int frames,
      long zipBytes,
      long tailBytes,
      List<UploadedPart> uploadedParts,
      int tailPart,
      double videoDurationSeconds) {}

  /** A part of the shared upload, for the completion request. */
  public record UploadedPart(int partNumber, String etag) {}

  private ZipAssembler() {}

  /**
   * Checks that the indexes are one plan's, complete and contiguous, and writes the tail to {@code
   * tail}.
   *
   * @throws IllegalArgumentException when the indexes do not make one ZIP
   */
  public static Assembly assemble(
      List<SliceIndex> indexes, Spills spills, OutputStream tail, long nowMillis)
      throws IOException {
    List<SliceIndex> ordered = check(indexes);
    long[] base = new long[ordered.size()];
    List<UploadedPart> uploaded = new ArrayList<>();
    long tailStart = placeUploadedParts(ordered, base, uploaded);
    CountingStream out = new CountingStream(tail);
    long manifestOffset = copySpilledParts(ordered, spills, base, tailStart, out);
    List<SliceEntry> frames = frames(ordered);
    boolean preview = preview(ordered) != null;
    DeflatedManifest manifest = deflatedManifest(ordered, frames, preview, nowMillis);
    manifest.writeLocalEntry(out);
    long directoryOffset = tailStart + out.count;
    long before = out.count;
    writeCentralHeaders(ordered, base, out);
    manifest.writeCentralHeader(out, manifestOffset);
    long directorySize = out.count - before;
    out.write(ZipRecords.end(frames.size() + (preview ? 2L : 1L), directorySize, directoryOffset));
    out.flush();
    return new Assembly(
        frames.size(),
        tailStart + out.count,
        out.count,
        List.copyOf(uploaded),
        ordered.size() + 1,
        ordered.get(0).video().durationSeconds());
  }

  /**
   * Sets the ZIP offset of each uploaded part in {@code base}, in slice order, and lists it in
   * {@code uploaded}; returns where the tail starts (after the last uploaded part).
   */
  private static long placeUploadedParts(
      List<SliceIndex> ordered, long[] base, List<UploadedPart> uploaded) {
    long position = 0;
    for (SliceIndex index : ordered) {
      if (index.inUpload()) {
        base[index.slice()] = position;
        position += index.partBytes();
        uploaded.add(new UploadedPart(index.partNumber(), index.etag()));
      }
    }
    return position;
  }

  /**
   * Copies the spilled parts to the tail, in slice order, setting their ZIP offsets in {@code
   * base}; returns the ZIP offset after the last one.
   */
  private static long copySpilledParts(
      List<SliceIndex> ordered, Spills spills, long[] base, long position, OutputStream out)
      throws IOException {
    for (SliceIndex index : ordered) {
      if (!index.inUpload()) {
        base[index.slice()] = position;
        try (InputStream in = spills.open(index.slice())) {
          long copied = in.transferTo(out);
          if (copied != index.partBytes()) {
            throw new IOException(
                "spill of slice "
                    + index.slice()
                    + " has "
                    + copied
                    + " bytes, not "
                    + index.partBytes());
          }
        }
        position += index.partBytes();
      }
    }
    return position;
  }

  /** How many frames the indexes' parts hold (their entries but the preview). */
  public static int frameCount(List<SliceIndex> indexes) {
    return (int)
        indexes.stream()
            .flatMap(index -> index.entries().stream())
            .filter(entry -> !isPreview(entry))
            .count();
  }

  /** Every slice's frames, in frame order. */
  private static List<SliceEntry> frames(List<SliceIndex> ordered) {
    List<SliceEntry> frames = new ArrayList<>();
    for (SliceIndex index : ordered) {
      for (SliceEntry entry : index.entries()) {
        if (!isPreview(entry)) {
          frames.add(entry);
        }
      }
    }
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no slice decoded a frame");
    }
    return frames;
  }

  private static boolean isPreview(SliceEntry entry) {
    return EntryNames.PREVIEW.equals(entry.name());
  }

  /** The index whose part holds the preview, or null when none does. */
  private static SliceIndex preview(List<SliceIndex> ordered) {
    for (SliceIndex index : ordered) {
      if (index.entries().stream().anyMatch(ZipAssembler::isPreview)) {
        return index;
      }
    }
    return null;
  }

  /** The manifest, deflated in memory (a few bytes per frame). */
  private static DeflatedManifest deflatedManifest(
      List<SliceIndex> ordered, List<SliceEntry> frames, boolean preview, long nowMillis)
      throws IOException {
    SliceIndex first = ordered.get(0);
    ByteArrayOutputStream manifest = new ByteArrayOutputStream();
    Manifest.write(
        manifest,
        first.source(),
        first.video(),
        first.options(),
        strategy(ordered),
        rows(frames),
        preview ? Manifest.Extras.NONE.withPreview(EntryNames.PREVIEW) : Manifest.Extras.NONE);
    byte[] plain = manifest.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(plain);
    ByteArrayOutputStream deflatedBytes = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try (DeflaterOutputStream deflating = new DeflaterOutputStream(deflatedBytes, deflater)) {
      deflating.write(plain);
    } finally {
      deflater.end();
    }
    return new DeflatedManifest(
        deflatedBytes.toByteArray(), crc.getValue(), plain.length, ZipRecords.dosTime(nowMillis));
  }

  /**
   * The frames' central headers, in frame order, then the preview's, each at its part's offset plus
   * its own.
   */
  private static void writeCentralHeaders(List<SliceIndex> ordered, long[] base, OutputStream out)
      throws IOException {
    for (SliceIndex index : ordered) {
      for (SliceEntry entry : index.entries()) {
        if (!isPreview(entry)) {
          writeCentralHeader(index, entry, base, out);
        }
      }
    }
    SliceIndex preview = preview(ordered);
    if (preview != null) {
      for (SliceEntry entry : preview.entries()) {
        if (isPreview(entry)) {
          writeCentralHeader(preview, entry, base, out);
        }
      }
    }
  }

  private static void writeCentralHeader(
      SliceIndex index, SliceEntry entry, long[] base, OutputStream out) throws IOException {
    out.write(
        ZipRecords.centralHeader(
            entry.name(),
            ZipRecords.STORED,
            entry.crc(),
            entry.size(),
            entry.size(),
            ZipRecords.dosTime(index.modifiedMillis()),
            base[index.slice()] + entry.offset()));
  }

  /** The manifest entry: its DEFLATED bytes and what its headers say of them. */
  private record DeflatedManifest(byte[] deflated, long crc, int plainSize, long dosTime) {

    void writeLocalEntry(OutputStream out) throws IOException {
      out.write(
          ZipRecords.localHeader(
              EntryNames.MANIFEST, ZipRecords.DEFLATED, crc, deflated.length, plainSize, dosTime));
      out.write(deflated);
    }

    void writeCentralHeader(OutputStream out, long offset) throws IOException {
      out.write(
          ZipRecords.centralHeader(
              EntryNames.MANIFEST,
              ZipRecords.DEFLATED,
              crc,
              deflated.length,
              plainSize,
              dosTime,
              offset));
    }
  }

  /**
   * The indexes sorted, one per slice, of one plan, ticks contiguous.
   *
   * @throws IllegalArgumentException when they are not
   */
  public static List<SliceIndex> check(List<SliceIndex> indexes) {
    if (indexes.isEmpty()) {
      throw new IllegalArgumentException("no slice index");
    }
    List<SliceIndex> ordered = new ArrayList<>(indexes);
    ordered.sort(Comparator.comparingInt(SliceIndex::slice));
    int slices = ordered.get(0).slices();
    if (ordered.size() != slices) {
      throw new IllegalArgumentException(
          ordered.size() + " slice indexes for " + slices + " slices");
    }
    for (int i = 0; i < slices; i++) {
      SliceIndex index = ordered.get(i);
      if (index.slice() != i || index.slices() != slices) {
        throw new IllegalArgumentException("slice " + i + " is missing or of another plan");
      }
      if (!index.options().equals(ordered.get(0).options())) {
        throw new IllegalArgumentException("slice " + i + " ran other options");
      }
      if (i > 0 && index.firstTick() != ordered.get(i - 1).endTick()) {
        throw new IllegalArgumentException("slice " + i + " does not follow slice " + (i - 1));
      }
      if (index.inUpload() && (index.etag() == null || index.etag().isBlank())) {
        throw new IllegalArgumentException("slice " + i + " has a part without an ETag");
      }
    }
    checkPreview(ordered);
    return ordered;
  }

  /** A preview exactly when the options ask for one, listed once, by the index that makes it. */
  private static void checkPreview(List<SliceIndex> ordered) {
    int maker = SlicePlan.previewSlice(ordered.size());
    for (SliceIndex index : ordered) {
      long previews = index.entries().stream().filter(ZipAssembler::isPreview).count();
      boolean expected = index.slice() == maker && index.options().wantsPreview();
      if (previews != (expected ? 1 : 0)) {
        throw new IllegalArgumentException(
            "slice "
                + index.slice()
                + " lists "
                + previews
                + " previews, not "
                + (expected ? 1 : 0));
      }
    }
  }

  private static String strategy(List<SliceIndex> indexes) {
    // a one-pod run is sparse as soon as the timeline has more than one seek window
    return indexes.stream().anyMatch(i -> "sparse".equals(i.strategy())) ? "sparse" : "dense";
  }

  private static Manifest.Rows rows(List<SliceEntry> frames) {
    return new Manifest.Rows() {
      @Override
      public int size() {
        return frames.size();
      }

      @Override
      public String file(int i) {
        return frames.get(i).name();
      }

      @Override
      public double timestamp(int i) {
        return frames.get(i).timestamp();
      }

      @Override
      public double requestedTimestamp(int i) {
        return frames.get(i).requestedTimestamp();
      }

      @Override
      public boolean keyframe(int i) {
        return frames.get(i).keyframe();
      }
    };
  }

  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    private long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
