package dev.frameflow.objectstreams;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Streams bytes into one object in parts of {@code partSize} bytes, holding at most {@code
 * partsInFlight + 1} parts in memory: that many are being sent while the next one fills. Nothing
 * exists at the target until {@link #complete()}; an object smaller than one part is stored with a
 * single request. {@link #abort()} cancels. {@link #close()} does nothing, so that a writer that
 * closes its stream when done (ZIP) does not decide whether the object is kept.
 */
public final class MultipartOutputStream extends OutputStream {

  /** S3's minimum size of every part but the last. */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  private final PartWriter writer;
  private final int partSize;
  private final long maxBytes;
  private final Executor senders;
  private final byte[][] buffers;
  private final List<CompletableFuture<PartWriter.CompletedPart>> sent = new ArrayList<>();
  private byte[] current;
  private int filled;
  private long total;
  private boolean finished;

  /**
   * @param partsInFlight parts sent in the background while the next fills (0: sent inline)
   * @param maxBytes the most the object may hold; also bounded by parts × part size
   * @param senders runs background sends (unused when {@code partsInFlight} is 0)
   */
  public MultipartOutputStream(
      PartWriter writer, int partSize, int partsInFlight, long maxBytes, Executor senders) {
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("parts are at least " + MIN_PART_SIZE + " bytes");
    }
    if (partsInFlight < 0 || (partsInFlight > 0 && senders == null)) {
      throw new IllegalArgumentException("parts in flight need an executor");
    }
    this.writer = writer;
    this.partSize = partSize;
    this.maxBytes = Math.min(maxBytes, (long) partSize * writer.maxParts());
    this.senders = senders;
    this.buffers = new byte[partsInFlight + 1][];
  }

  /** An upload with one part in memory, each sent before the next fills. */
  public static MultipartOutputStream sequential(PartWriter writer, int partSize, long maxBytes) {
    return new MultipartOutputStream(writer, partSize, 0, maxBytes, null);
  }

  /** The largest object this stream can store. */
  public long maxBytes() {
    return maxBytes;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    ensureOpen();
    if (total + length > maxBytes) {
      throw new ObjectTooLargeException(maxBytes);
    }
    while (length > 0) {
      if (current == null) {
        current = nextBuffer();
      }
      int n = Math.min(length, partSize - filled);
      System.arraycopy(bytes, offset, current, filled, n);
      filled += n;
      total += n;
      offset += n;
      length -= n;
      if (filled == partSize) {
        send();
      }
    }
  }

  /**
   * Takes {@code part}, exactly one part long, as the first part without copying it (a caller that
   * read it already to check the content does not hold it twice). The caller must not change it.
   */
  public void adoptFirstPart(byte[] part) throws IOException {
    ensureOpen();
    if (total != 0 || part.length != partSize) {
      throw new IllegalStateException("only a whole first part can be adopted");
    }
    if (part.length > maxBytes) {
      throw new ObjectTooLargeException(maxBytes);
    }
    current = part;
    filled = partSize;
    total = partSize;
    send();
  }

  /** Ignored: see the class comment. */
  @Override
  public void close() {}

  /** Stores the object; returns its size. */
  public long complete() throws IOException {
    ensureOpen();
    finished = true;
    if (sent.isEmpty()) {
      writer.writeWhole(current == null ? new byte[0] : current, filled);
      return total;
    }
    if (filled > 0) {
      send();
    }
    List<PartWriter.CompletedPart> parts = new ArrayList<>();
    for (CompletableFuture<PartWriter.CompletedPart> part : sent) {
      parts.add(await(part));
    }
    writer.complete(parts);
    return total;
  }

  /** Cancels the upload once the parts on the wire have finished either way. */
  public void abort() {
    finished = true;
    sent.forEach(part -> part.handle((done, error) -> null).join());
    writer.abort();
  }

  private void send() throws IOException {
    int number = sent.size() + 1;
    byte[] bytes = current;
    int length = filled;
    current = null;
    filled = 0;
    if (buffers.length == 1) {
      sent.add(CompletableFuture.completedFuture(part(number, bytes, length)));
      buffers[0] = bytes;
      return;
    }
    buffers[(number - 1) % buffers.length] = bytes;
    sent.add(CompletableFuture.supplyAsync(() -> unchecked(number, bytes, length), senders));
  }

  /** The buffer of the part {@code buffers.length} places back, once that part is on S3. */
  private byte[] nextBuffer() throws IOException {
    int number = sent.size() + 1;
    int slot = (number - 1) % buffers.length;
    int previousUser = number - buffers.length;
    if (previousUser >= 1) {
      await(sent.get(previousUser - 1));
    }
    if (buffers[slot] == null) {
      buffers[slot] = new byte[partSize];
    }
    return buffers[slot];
  }

  private PartWriter.CompletedPart part(int number, byte[] bytes, int length) throws IOException {
    return new PartWriter.CompletedPart(number, writer.writePart(number, bytes, length));
  }

  private PartWriter.CompletedPart unchecked(int number, byte[] bytes, int length) {
    try {
      return part(number, bytes, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PartWriter.CompletedPart await(CompletableFuture<PartWriter.CompletedPart> part)
      throws IOException {
    try {
      return part.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  private void ensureOpen() throws IOException {
    if (finished) {
      throw new IOException("the upload has already finished");
    }
  }
}
