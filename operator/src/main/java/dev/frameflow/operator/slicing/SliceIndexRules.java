package dev.frameflow.operator.slicing;

import dev.frameflow.archive.EntryNames;
import dev.frameflow.contracts.extraction.ExtractionLimits;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.slicing.SliceEntry;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.contracts.slicing.SlicePlan;
import dev.frameflow.contracts.validation.ContractValidator;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the operator believes of the {@link SliceIndex} objects before it writes a ZIP from them.
 * Each was written by a pod through its own presigned URL, so a compromised pod can put anything
 * there: the operator takes nothing on trust that would make it allocate, write or publish more
 * than the rules below allow. A broken rule is final ({@link
 * SliceAssembly.InconsistentSlicesException}): a retry reads the same objects.
 *
 * <ul>
 *   <li>each index is the contract's (Bean Validation), of its own slice ({@code slice} is the
 *       object's number) and of this plan ({@code slices});
 *   <li>its part is its own: part number {@code slice + 1} or none (a spill object, then at most
 *       {@code maxSpillBytes}: a spill exists only below S3's minimum part size); an uploaded part
 *       at most S3's largest;
 *   <li>its entries are frames ({@link EntryNames}) of the options' format, unique in the video,
 *       numbered in order, at most {@link ExtractionLimits#MAX_FRAMES} in all, each exactly where
 *       the previous one ends (local header and data, as {@code PartZipWriter} writes them), the
 *       last ending at {@code partBytes}: no overlap, no gap, nothing outside the part;
 *   <li>but for one entry: {@code preview.webp}, only when the options ask for it, only from the
 *       index that makes it ({@link SlicePlan#previewSlice}), once, after its frames.
 * </ul>
 */
final class SliceIndexRules {

  /** S3's largest part. */
  static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;

  /** A ZIP entry a 32-bit local header can describe (PartZipWriter writes no ZIP64 local one). */
  private static final long MAX_ENTRY_BYTES = 0xFFFFFFFFL - 1;

  private static final int LOCAL_HEADER_BYTES = 30;
  private static final int MAX_NAME_BYTES = 128;
  private static final int MAX_SOURCE_CHARS = 8192;
  private static final int MAX_ETAG_CHARS = 256;
  private static final Set<String> STRATEGIES = Set.of("dense", "sparse");

  private SliceIndexRules() {}

  /**
   * @param indexes the index objects, index {@code n} read from slice {@code n}'s key
   * @throws SliceAssembly.InconsistentSlicesException at the first broken rule
   */
  static void check(List<SliceIndex> indexes, int slices, long maxSpillBytes) {
    if (indexes.size() != slices) {
      throw refused(indexes.size() + " slice indexes for " + slices + " slices");
    }
    Set<String> names = new HashSet<>();
    int lastFrame = 0;
    for (int n = 0; n < slices; n++) {
      SliceIndex index = indexes.get(n);
      checkIndex(index, n, slices, maxSpillBytes);
      lastFrame = checkEntries(index, names, lastFrame);
    }
  }

  private static void checkIndex(SliceIndex index, int n, int slices, long maxSpillBytes) {
    if (index == null) {
      throw refused("slice " + n + "'s index is empty");
    }
    List<ContractValidator.Violation> broken = ContractValidator.check(index);
    if (!broken.isEmpty()) {
      throw refused("slice " + n + "'s index breaks the contract: " + broken.get(0));
    }
    if (index.slice() != n || index.slices() != slices) {
      throw refused(
          "slice " + n + "'s index says slice " + index.slice() + " of " + index.slices());
    }
    if (index.firstTick() > index.endTick()) {
      throw refused("slice " + n + "'s ticks run backwards");
    }
    if (!STRATEGIES.contains(index.strategy())
        || (index.source() != null && index.source().length() > MAX_SOURCE_CHARS)) {
      throw refused("slice " + n + "'s index has an unknown strategy or an oversized source");
    }
    if (index.inUpload()) {
      if (index.partNumber() != SliceAccess.partNumber(n)) {
        throw refused("slice " + n + " claims part " + index.partNumber() + ", not its own");
      }
      if (index.etag() == null
          || index.etag().isBlank()
          || index.etag().length() > MAX_ETAG_CHARS) {
        throw refused("slice " + n + "'s part has no valid ETag");
      }
      if (index.partBytes() > MAX_PART_BYTES) {
        throw refused("slice " + n + "'s part is larger than S3 allows");
      }
    } else if (index.partBytes() > maxSpillBytes) {
      throw refused(
          "slice "
              + n
              + "'s spilled part is "
              + index.partBytes()
              + " bytes, over "
              + maxSpillBytes);
    }
  }

  /** Checks the entries of one index; returns the last frame number seen. */
  private static int checkEntries(SliceIndex index, Set<String> names, int lastFrame) {
    int n = index.slice();
    if (names.size() + index.entries().size() > ExtractionLimits.MAX_FRAMES) {
      throw refused("the slices list more than " + ExtractionLimits.MAX_FRAMES + " frames");
    }
    long expectedOffset = 0;
    int frame = lastFrame;
    List<SliceEntry> entries = index.entries();
    for (int i = 0; i < entries.size(); i++) {
      SliceEntry entry = entries.get(i);
      int nameBytes = entry.name().getBytes(StandardCharsets.UTF_8).length;
      if (EntryNames.PREVIEW.equals(entry.name())) {
        checkPreview(index, i == entries.size() - 1);
        if (entry.offset() != expectedOffset || entry.size() > MAX_ENTRY_BYTES) {
          throw refused("slice " + n + "'s entries overlap, leave gaps or are too large");
        }
        expectedOffset += LOCAL_HEADER_BYTES + nameBytes + entry.size();
        continue;
      }
      Optional<EntryNames.Frame> parsed =
          nameBytes > MAX_NAME_BYTES ? Optional.empty() : EntryNames.parse(entry.name());
      if (parsed.isEmpty()
          || (index.options().format() != null
              && parsed.get().format() != index.options().format())) {
        throw refused("slice " + n + " lists an entry that is not one of its frames");
      }
      if (!names.add(entry.name()) || parsed.get().number() <= frame) {
        throw refused("slice " + n + " lists a frame twice or out of order");
      }
      frame = parsed.get().number();
      if (entry.offset() != expectedOffset || entry.size() > MAX_ENTRY_BYTES) {
        throw refused("slice " + n + "'s entries overlap, leave gaps or are too large");
      }
      expectedOffset += LOCAL_HEADER_BYTES + nameBytes + entry.size();
    }
    if (expectedOffset != index.partBytes()) {
      throw refused("slice " + n + "'s entries do not fill its part of " + index.partBytes());
    }
    return frame;
  }

  /** The preview is the options', the maker's, and the last entry of its part. */
  private static void checkPreview(SliceIndex index, boolean last) {
    if (!index.options().wantsPreview()
        || index.slice() != SlicePlan.previewSlice(index.slices())
        || !last) {
      throw refused(
          "slice " + index.slice() + " lists a preview it does not make, or not after its frames");
    }
  }

  private static SliceAssembly.InconsistentSlicesException refused(String why) {
    return new SliceAssembly.InconsistentSlicesException(why, null);
  }
}
