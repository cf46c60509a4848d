package dev.frameflow.extractor.slice;

import dev.frameflow.archive.ZipAssembler;
import dev.frameflow.contracts.slicing.SliceIndex;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The final step over a directory written by {@link SliceUpload#toDirectory}: the parts in order,
 * then the tail. What S3 does when the multipart upload completes, done with files (tests and the
 * benchmark).
 */
public final class LocalAssembly {

  private LocalAssembly() {}

  public static ZipAssembler.Assembly assemble(Path dir, int slices, Path zip) throws IOException {
    List<SliceIndex> indexes = new ArrayList<>(slices);
    for (int n = 0; n < slices; n++) {
      indexes.add(
          SliceUpload.JSON.readValue(
              dir.resolve("index-" + n + ".json").toFile(), SliceIndex.class));
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16)) {
      for (SliceIndex index : ZipAssembler.check(indexes)) {
        if (index.inUpload()) {
          try (InputStream in =
              Files.newInputStream(dir.resolve("part-" + index.slice() + ".zip"))) {
            in.transferTo(out);
          }
        }
      }
      return ZipAssembler.assemble(
          indexes,
          n -> Files.newInputStream(dir.resolve("part-" + n + ".zip")),
          out,
          System.currentTimeMillis());
    }
  }

  /** Only the tail (what the final step itself writes), for timing the final step alone. */
  public static ZipAssembler.Assembly tail(Path dir, int slices, OutputStream out)
      throws IOException {
    List<SliceIndex> indexes = new ArrayList<>(slices);
    for (int n = 0; n < slices; n++) {
      indexes.add(
          SliceUpload.JSON.readValue(
              dir.resolve("index-" + n + ".json").toFile(), SliceIndex.class));
    }
    return ZipAssembler.assemble(
        indexes,
        n -> Files.newInputStream(dir.resolve("part-" + n + ".zip")),
        out,
        System.currentTimeMillis());
  }
}
