package dev.frameflow.contracts.slicing;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * What one index of a sliced extraction publishes next to its part (a small JSON object written
 * through its own presigned PUT, {@link SliceAccess#indexKey}), so that the final step can write
 * the ZIP's central directory and manifest without reading the part again.
 *
 * @param slice which index this is, from 0
 * @param slices how many indexes share the video
 * @param firstTick the first requested timestamp (of the whole video's timeline) the index served
 * @param endTick one past its last
 * @param source the source as the manifest names it (a URL without its signature)
 * @param options the extraction options of the whole video (not of the slice)
 * @param strategy the decoding strategy the index used ({@code dense} or {@code sparse})
 * @param partBytes the size of the part: local headers and data of the entries, in order
 * @param partNumber the multipart upload's part number the bytes went to, or null when the part was
 *     smaller than S3's minimum part and went to the index's spill object instead
 * @param etag the part's ETag (with {@code partNumber})
 * @param modifiedMillis the entries' modification time, for the central directory
 * @param entries the part's entries in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SliceIndex(
    @Min(0) int slice,
    @Min(1) int slices,
    @Min(0) int firstTick,
    @Min(0) int endTick,
    String source,
    @NotNull @Valid SliceVideo video,
    @NotNull ExtractionOptions options,
    @NotNull String strategy,
    @PositiveOrZero long partBytes,
    Integer partNumber,
    String etag,
    long modifiedMillis,
    @NotNull List<@Valid SliceEntry> entries) {

  public SliceIndex {
    entries = List.copyOf(entries);
  }

  /** True when the bytes are in the shared multipart upload rather than the spill object. */
  public boolean inUpload() {
    return partNumber != null;
  }
}
