package dev.frameflow.extractor.frameserver;

import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.storage.SourceRelay;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The sources renders read, each through one loopback {@link SourceRelay} kept open between
 * renders: a source's container index (an MP4's {@code moov}) and the GOPs read so far are fetched
 * from the store once, not once per render. A render on a relay of its own made about 40 range
 * requests of the store, most of them for the index, and those cost more than its decoding.
 *
 * <p>Bounded by the bytes the relays hold on the work volume, least recently used first. A relay
 * that is evicted, or whose source failed, is closed when the last render reading it ends.
 *
 * <p>The presigned URL stays the only way in: a render on a source already open first has the store
 * check its own URL (one ranged GET of one byte), and the relay fetches with the newest URL it was
 * given. Identities are the URL without its query (the object), so a URL for another object never
 * reads these bytes.
 */
final class OpenSources implements AutoCloseable {

  /** Seconds of the source a render's first fetch from a missing block asks for: a 2 s GOP. */
  static final double READ_AHEAD_SECONDS = 2;

  private final Path dir;
  private final long maxBytes;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final AtomicLong opened = new AtomicLong();
  private boolean closed;

  OpenSources(Path dir, long maxBytes) {
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  /**
   * A lease on the relay of the object {@code url} points at, opened now (its first block fetched,
   * which checks the URL) or kept from an earlier render (the URL checked with the store).
   *
   * @throws IOException as {@link SourceRelay#start}: a missing source is a {@code
   *     BadInputException}, an unreachable one a {@code SourceUnreadableException}
   */
  Lease lease(URI url) throws IOException {
    String identity = identity(url);
    Entry entry;
    synchronized (this) {
      entry = entries.get(identity);
      if (entry != null) {
        entry.users++;
      }
    }
    if (entry != null) {
      try {
        entry.relay.admit(url);
      } catch (IOException | RuntimeException e) {
        release(entry, false);
        throw e;
      }
      entry.newest.set(url);
      return new Lease(entry);
    }
    return new Lease(open(identity, url));
  }

  /** Sources opened so far: a render on a source kept open adds none. */
  long opened() {
    return opened.get();
  }

  /** Sources open now. */
  synchronized int size() {
    return entries.size();
  }

  /** Bytes the open relays hold. */
  synchronized long bytes() {
    return entries.values().stream().mapToLong(e -> e.relay.cachedBytes()).sum();
  }

  @Override
  public void close() {
    List<Entry> idle = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Entry entry : entries.values()) {
        entry.evicted = true;
        if (entry.users == 0) {
          idle.add(entry);
        }
      }
      entries.clear();
    }
    idle.forEach(Entry::shut);
  }

  private Entry open(String identity, URI url) throws IOException {
    Files.createDirectories(dir);
    Path sourceDir = Files.createTempDirectory(dir, "source-");
    AtomicReference<URI> newest = new AtomicReference<>(url);
    SourceRelay relay;
    try {
      relay = SourceRelay.start(newest::get, sourceDir);
    } catch (IOException | RuntimeException e) {
      deleteTree(sourceDir);
      throw e;
    }
    opened.incrementAndGet();
    Entry created = new Entry(relay, newest, sourceDir);
    created.users = 1;
    List<Entry> idle;
    synchronized (this) {
      // two first renders of a source at once: the first kept, the other's closed after its render
      if (closed || entries.containsKey(identity)) {
        created.evicted = true;
      } else {
        entries.put(identity, created);
      }
      idle = trimmed();
    }
    idle.forEach(Entry::shut);
    return created;
  }

  private void release(Entry entry, boolean failed) {
    List<Entry> idle;
    synchronized (this) {
      entry.users--;
      if (failed && !entry.evicted) {
        // a relay remembers its first failure: the next render opens the source afresh
        entries.values().remove(entry);
        entry.evicted = true;
      }
      idle = trimmed();
      if (entry.evicted && entry.users == 0 && !idle.contains(entry)) {
        idle.add(entry);
      }
    }
    idle.forEach(Entry::shut);
  }

  /** Evicts the least recently used while over budget; returns the evicted no render reads. */
  private List<Entry> trimmed() {
    List<Entry> idle = new ArrayList<>();
    long total = bytes();
    Iterator<Entry> eldestFirst = entries.values().iterator();
    while (total > maxBytes && eldestFirst.hasNext()) {
      Entry entry = eldestFirst.next();
      eldestFirst.remove();
      entry.evicted = true;
      total -= entry.relay.cachedBytes();
      if (entry.users == 0) {
        idle.add(entry);
      }
    }
    return idle;
  }

  private static String identity(URI url) {
    return url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
  }

  private static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // the work volume is an emptyDir: what is left goes with the pod
    }
  }

  /** One open source. Its counts are guarded by the {@link OpenSources} that holds it. */
  private static final class Entry {
    final SourceRelay relay;
    final AtomicReference<URI> newest;
    final Path dir;
    int users;
    boolean evicted;

    Entry(SourceRelay relay, AtomicReference<URI> newest, Path dir) {
      this.relay = relay;
      this.newest = newest;
      this.dir = dir;
    }

    void shut() {
      try {
        relay.close();
      } catch (IOException e) {
        // closing a loopback socket and a file: nothing a caller could do
      }
      deleteTree(dir);
    }
  }

  /** A render's use of an open source: closing it lets the source be evicted and closed. */
  final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean released;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    /** What ffmpeg reads: the relay on loopback. */
    MediaSource input() {
      return MediaSource.url(entry.relay.localUri());
    }

    /**
     * Sizes the relay's first fetch from a missing block to a GOP of {@code video} (its bytes per
     * second times {@link #READ_AHEAD_SECONDS}), so that decoding a frame costs one or two range
     * requests rather than one per block.
     */
    void readAheadFor(VideoInfo video) {
      if (video.durationSeconds() > 0) {
        entry.relay.readAhead(
            (long) (entry.relay.size() / video.durationSeconds() * READ_AHEAD_SECONDS));
      }
    }

    /** The relay's first failed fetch from the store, or null. */
    IOException failure() {
      return entry.relay.failure();
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release(entry, entry.relay.failure() != null);
      }
    }
  }
}
