package dev.frameflow.extractor.workspace;

import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.extractor.storage.ObjectStore;
import dev.frameflow.extractor.storage.SourceRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One run's private scratch space: a temporary directory under the work directory (a local copy of
 * the source, the decoded frames, the relay's block cache) and, for a URL source, the {@link
 * SourceRelay} that ffmpeg reads it through. Closing it stops the relay and deletes the directory,
 * whatever happened in the run.
 */
public final class Workspace implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Workspace.class);

  private final Path dir;
  private MediaSource source;
  private SourceRelay relay;

  private Workspace(Path dir) {
    this.dir = dir;
  }

  /** A new directory {@code prefix...} under {@code workDir} (created if need be). */
  public static Workspace create(Path workDir, String prefix) throws IOException {
    Files.createDirectories(workDir);
    return new Workspace(Files.createTempDirectory(workDir, prefix));
  }

  public Path dir() {
    return dir;
  }

  /** A new directory {@code name} in the workspace. */
  public Path newDirectory(String name) throws IOException {
    return Files.createDirectory(dir.resolve(name));
  }

  /** Opens the source as the store gives it: a local file (copied here if need be) or its URL. */
  public MediaSource open(ObjectStore store, ObjectLocation location) throws IOException {
    source = store.open(location, dir);
    return source;
  }

  /**
   * Opens the source for a run that reads it many times: a URL is probed, indexed and read by a
   * sparse plan (which opens it once per seek window) through a loopback block cache, each block
   * fetched once with a bounded range request. Returns what ffmpeg reads.
   */
  public MediaSource openRelayed(ObjectStore store, ObjectLocation location) throws IOException {
    open(store, location);
    if (source.isLocal()) {
      return source;
    }
    relay = SourceRelay.start(store.upstream(source), dir);
    return MediaSource.url(relay.localUri());
  }

  /** The source as opened: local, or the (presigned) URL itself. */
  public MediaSource source() {
    return source;
  }

  /**
   * What a dense plan reads: the URL itself, or the relay's pass-through when the URL is renewed
   * while the run reads (a presigned URL ends with the credentials that signed it).
   */
  public MediaSource streamed(ObjectStore store) {
    return relay != null && store.renewsSource() ? MediaSource.url(relay.streamUri()) : source;
  }

  /** Lets the relay fetch ahead of the readers (a sparse plan's seek windows); no-op without. */
  public void readAhead(long bytes) {
    if (relay != null) {
      relay.readAhead(bytes);
    }
  }

  /**
   * What to throw for {@code e}: ffmpeg reports a source cut short (its URL expired or refused) as
   * a truncated or corrupt file; the relay knows whether the source was at fault, and that is
   * transient: that failure is thrown; else {@code e} is returned, for the caller to throw.
   */
  public BadInputException blame(BadInputException e) throws IOException {
    if (relay != null && relay.failure() != null) {
      throw relay.failure();
    }
    return e;
  }

  @Override
  public void close() throws IOException {
    try {
      if (relay != null) {
        LOG.info("source relay: {}", relay.summary());
        relay.close();
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** Deletes {@code dir} and everything in it; nothing when it does not exist. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> paths = Files.walk(dir)) {
      deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : deepestFirst) {
      Files.deleteIfExists(path);
    }
  }
}
