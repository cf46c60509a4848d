package dev.frameflow.operator.slicing;

import dev.frameflow.archive.ZipAssembler;
import dev.frameflow.contracts.slicing.SliceIndex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The last part of a sliced ZIP, as a stream the upload reads rather than bytes in memory: the
 * spilled parts first (each read from its spill object as the upload reaches it, and refused when
 * it is not exactly the size its index says), then the manifest, central directory and end record
 * (a few dozen bytes per frame, in memory). {@link ZipAssembler} writes the tail in that order; its
 * length and the rest are taken from one pass where each spill is that many zero bytes.
 */
record SliceTail(ZipAssembler.Assembly assembly, List<SliceIndex> spilled, byte[] rest) {

  /** Opens a spill object. */
  @FunctionalInterface
  interface Spills {
    InputStream open(int slice);
  }

  /**
   * @throws IllegalArgumentException when the indexes do not make one ZIP
   */
  static SliceTail of(List<SliceIndex> indexes, long nowMillis) throws IOException {
    List<SliceIndex> spilled = new ArrayList<>();
    long spilledBytes = 0;
    for (SliceIndex index : ZipAssembler.check(indexes)) {
      if (!index.inUpload()) {
        spilled.add(index);
        spilledBytes += index.partBytes();
      }
    }
    AfterSkipping rest = new AfterSkipping(spilledBytes);
    ZipAssembler.Assembly assembly =
        ZipAssembler.assemble(indexes, n -> new Zeros(indexes.get(n).partBytes()), rest, nowMillis);
    return new SliceTail(assembly, List.copyOf(spilled), rest.kept.toByteArray());
  }

  /** A new stream of the whole tail (the upload may ask again when it retries). */
  InputStream open(Spills spills) {
    List<InputStream> pieces = new ArrayList<>();
    for (SliceIndex index : spilled) {
      pieces.add(new Lazy(() -> new ExactLength(spills.open(index.slice()), index)));
    }
    pieces.add(new ByteArrayInputStream(rest));
    return new SequenceInputStream(Collections.enumeration(pieces));
  }

  /** {@code length} zero bytes. */
  private static final class Zeros extends InputStream {
    private long left;

    Zeros(long length) {
      this.left = length;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }

  /** Drops the first {@code skip} bytes written, keeps the rest. */
  private static final class AfterSkipping extends OutputStream {
    private long skip;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    AfterSkipping(long skip) {
      this.skip = skip;
    }

    @Override
    public void write(int b) {
      if (skip > 0) {
        skip--;
      } else {
        kept.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      int dropped = (int) Math.min(len, skip);
      skip -= dropped;
      kept.write(b, off + dropped, len - dropped);
    }
  }

  /** Opens its stream on the first read, so that only one spill object is open at a time. */
  private static final class Lazy extends InputStream {
    interface Opener {
      InputStream open();
    }

    private final Opener opener;
    private InputStream in;

    Lazy(Opener opener) {
      this.opener = opener;
    }

    private InputStream in() {
      if (in == null) {
        in = opener.open();
      }
      return in;
    }

    @Override
    public int read() throws IOException {
      return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }

  /** The spill object's bytes, exactly as many as its index says, or an IOException. */
  private static final class ExactLength extends FilterInputStream {
    private final SliceIndex index;
    private long left;

    ExactLength(InputStream in, SliceIndex index) {
      super(in);
      this.index = index;
      this.left = index.partBytes();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        if (super.read() != -1) {
          throw changed();
        }
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw changed();
      }
      left -= n;
      return n;
    }

    private IOException changed() {
      return new IOException(
          "slice " + index.slice() + "'s spill object changed size while it was read");
    }
  }
}
