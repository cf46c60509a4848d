package dev.frameflow.extractor.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A local file, written next to its final name and moved into place on commit. */
final class LocalZipDestination implements ZipDestination {

  private final Path target;
  private final Path partial;
  private final OutputStream stream;

  LocalZipDestination(Path target) throws IOException {
    this.target = target.toAbsolutePath();
    Path parent = this.target.getParent();
    Files.createDirectories(parent);
    this.partial = Files.createTempFile(parent, "." + this.target.getFileName(), ".part");
    this.stream = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
  }

  @Override
  public OutputStream stream() {
    return stream;
  }

  @Override
  public long commit() throws IOException {
    stream.close();
    long bytes = Files.size(partial);
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return bytes;
  }

  @Override
  public void abort() {
    try {
      stream.close();
    } catch (IOException ignored) {
      // the partial file goes anyway
    }
    try {
      Files.deleteIfExists(partial);
    } catch (IOException ignored) {
      // nothing more to do
    }
  }
}
