package dev.frameflow.gateway.thumbnails;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frameflow.archive.EntryNames;
import dev.frameflow.archive.ZipCentralDirectory;
import dev.frameflow.archive.ZipEntryRef;
import dev.frameflow.contracts.events.ObjectRef;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Small images of a few frames of a finished video, read straight from its ZIP in S3 with range
 * requests: the end records and the central directory, then only the chosen entries (STORED, so
 * their bytes are the image itself), whatever the frames' format (JPEG, PNG, WebP): each thumbnail
 * is a JPEG, decoded subsampled to about its size ({@link SubsampledDecoding}). Reading a directory
 * and making a thumbnail each hold a {@link DecodeSlots} slot of the user and of the replica. Both
 * the directory and the thumbnails are cached in memory (Caffeine, bounded by bytes): a finished
 * ZIP never changes.
 */
@Service
public class FrameThumbnails {

  static final int STRIP_SIZE = 6;
  static final int WIDTH = 320;
  private static final long MAX_DIRECTORY_BYTES = 32L << 20;
  private static final long MAX_FRAME_BYTES = 48L << 20;
  private static final int LOCAL_HEADER_SLACK = 512;
  private static final int STORYBOARD_CACHE_ENTRIES = 1000;
  private static final String STORYBOARD_DIRECTORY = "storyboard/";

  private final S3Client s3;
  private final DecodeSlots slots;

  // a finished ZIP never changes: nothing expires, the least used go first when full. Weighed in
  // bytes: a directory's size follows its frame count (up to 100,000 entries), not a fixed share
  private final Cache<UUID, List<ZipEntryRef>> directories;
  // the storyboard's few entries (its WebVTT index and sprites), read with the same directory
  private final Cache<UUID, Map<String, ZipEntryRef>> storyboards =
      Caffeine.newBuilder().maximumSize(STORYBOARD_CACHE_ENTRIES).build();
  private final Cache<String, byte[]> images;

  public FrameThumbnails(S3Client s3, DecodeSlots slots, ThumbnailProperties properties) {
    this.s3 = s3;
    this.slots = slots;
    this.directories = directoryCache(properties.directoryCache().toBytes());
    this.images =
        Caffeine.newBuilder()
            .maximumWeight(properties.imageCache().toBytes())
            .weigher((String key, byte[] image) -> image.length)
            .build();
    // WebP frames are read by a plugin (imageio-webp); ImageIO finds plugins with the class loader
    // of the thread that first used it, which in the exec jar need not see BOOT-INF/lib: look again
    ImageIO.scanForPlugins();
  }

  /** One frame of the strip: its position among the ZIP's frames and when it was shown. */
  public record StripFrame(int index, String name, Double seconds) {}

  /** {@value #STRIP_SIZE} frames evenly spaced from the first to the last (all when fewer). */
  public List<StripFrame> strip(UUID userId, UUID videoId, ObjectRef zip) {
    List<ZipEntryRef> frames = frames(userId, videoId, zip);
    List<StripFrame> strip = new ArrayList<>();
    int count = Math.min(STRIP_SIZE, frames.size());
    for (int i = 0; i < count; i++) {
      int index = count == 1 ? 0 : (int) Math.round(i * (frames.size() - 1) / (double) (count - 1));
      strip.add(new StripFrame(index, frames.get(index).name(), seconds(frames.get(index).name())));
    }
    return strip;
  }

  /** A JPEG at most {@value #WIDTH} pixels wide of frame {@code index}; empty when out of range. */
  public java.util.Optional<byte[]> thumbnail(UUID userId, UUID videoId, ObjectRef zip, int index)
      throws IOException {
    List<ZipEntryRef> frames = frames(userId, videoId, zip);
    if (index < 0 || index >= frames.size()) {
      return java.util.Optional.empty();
    }
    String key = videoId + "/" + index;
    byte[] cached = images.getIfPresent(key);
    if (cached != null) {
      return java.util.Optional.of(cached);
    }
    byte[] small;
    try (DecodeSlots.Slot slot = slots.take(userId)) {
      small = shrink(entryBytes(zip, frames.get(index)));
    }
    images.put(key, small);
    return java.util.Optional.of(small);
  }

  /**
   * The bytes of one file of the ZIP's storyboard ({@code storyboard.vtt}, {@code sprite.jpg}, …),
   * as the extractor wrote it; empty when the ZIP has no such file.
   */
  public java.util.Optional<byte[]> storyboardFile(
      UUID userId, UUID videoId, ObjectRef zip, String name) throws IOException {
    Map<String, ZipEntryRef> files = storyboards.getIfPresent(videoId);
    if (files == null) {
      readEntries(userId, videoId, zip);
      files = storyboards.getIfPresent(videoId);
    }
    ZipEntryRef entry = files == null ? null : files.get(name);
    if (entry == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(entryBytes(zip, entry));
  }

  private List<ZipEntryRef> frames(UUID userId, UUID videoId, ObjectRef zip) {
    List<ZipEntryRef> cached = directories.getIfPresent(videoId);
    return cached != null ? cached : readEntries(userId, videoId, zip);
  }

  // one read of the directory fills both caches: the frames and the storyboard's files
  private List<ZipEntryRef> readEntries(UUID userId, UUID videoId, ObjectRef zip) {
    List<ZipEntryRef> entries;
    try (DecodeSlots.Slot slot = slots.take(userId)) {
      entries = readDirectory(zip);
    }
    List<ZipEntryRef> frames =
        entries.stream().filter(e -> EntryNames.parse(e.name()).isPresent()).toList();
    Map<String, ZipEntryRef> storyboard = new HashMap<>();
    for (ZipEntryRef entry : entries) {
      if (entry.name().startsWith(STORYBOARD_DIRECTORY)) {
        storyboard.put(entry.name().substring(STORYBOARD_DIRECTORY.length()), entry);
      }
    }
    directories.put(videoId, frames);
    storyboards.put(videoId, Map.copyOf(storyboard));
    return frames;
  }

  static Cache<UUID, List<ZipEntryRef>> directoryCache(long maxBytes) {
    return Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((UUID key, List<ZipEntryRef> frames) -> directoryWeight(frames))
        .build();
  }

  // an entry: its record and name (two bytes a char), plus the list's reference to it
  static int directoryWeight(List<ZipEntryRef> frames) {
    long bytes = 64;
    for (ZipEntryRef frame : frames) {
      bytes += 64 + 2L * frame.name().length();
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  private List<ZipEntryRef> readDirectory(ObjectRef zip) {
    long size = s3.headObject(b -> b.bucket(zip.bucket()).key(zip.key())).contentLength();
    long tailStart = Math.max(0, size - ZipCentralDirectory.MAX_TAIL);
    ZipCentralDirectory.Location location =
        ZipCentralDirectory.locate(range(zip, tailStart, size - tailStart), tailStart);
    if (location.needsZip64()) {
      location = ZipCentralDirectory.zip64(range(zip, location.zip64EndOffset(), 56), location);
    }
    if (location.size() > MAX_DIRECTORY_BYTES) {
      throw new IllegalArgumentException("the ZIP's directory is too large to read");
    }
    return ZipCentralDirectory.entries(range(zip, location.offset(), location.size()));
  }

  private byte[] entryBytes(ObjectRef zip, ZipEntryRef entry) throws IOException {
    if (entry.compressedSize() > MAX_FRAME_BYTES) {
      throw new IOException("frame " + entry.name() + " is too large for a thumbnail");
    }
    int guess = 30 + entry.name().length() * 4 + LOCAL_HEADER_SLACK;
    byte[] chunk = range(zip, entry.localHeaderOffset(), guess + entry.compressedSize());
    int header = ZipCentralDirectory.localHeaderLength(chunk);
    byte[] data;
    if (header + entry.compressedSize() <= chunk.length) {
      data = java.util.Arrays.copyOfRange(chunk, header, header + (int) entry.compressedSize());
    } else {
      data = range(zip, entry.localHeaderOffset() + header, entry.compressedSize());
    }
    return entry.method() == 0 ? data : inflate(data);
  }

  private byte[] range(ObjectRef zip, long start, long length) {
    if (length <= 0) {
      return new byte[0];
    }
    String range = "bytes=" + start + "-" + (start + length - 1);
    return s3.getObjectAsBytes(b -> b.bucket(zip.bucket()).key(zip.key()).range(range))
        .asByteArray();
  }

  // frames are STORED; a DEFLATED one (another writer) still works
  private static byte[] inflate(byte[] data) throws IOException {
    Inflater inflater = new Inflater(true);
    inflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 2);
    byte[] buffer = new byte[64 * 1024];
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_FRAME_BYTES) {
          throw new IOException("frame too large for a thumbnail");
        }
      }
    } catch (DataFormatException e) {
      throw new IOException("broken frame in the ZIP", e);
    } finally {
      inflater.end();
    }
    return out.toByteArray();
  }

  static byte[] shrink(byte[] image) throws IOException {
    BufferedImage source = SubsampledDecoding.decode(image, WIDTH);
    int width = Math.min(WIDTH, source.getWidth());
    // the subsampled raster keeps the frame's proportions: the height follows from it
    int height =
        Math.max(1, (int) Math.round(source.getHeight() * width / (double) source.getWidth()));
    BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(small, "jpg", out);
    return out.toByteArray();
  }

  private static Double seconds(String name) {
    return EntryNames.parse(name).map(EntryNames.Frame::seconds).orElse(null);
  }
}
