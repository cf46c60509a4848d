package dev.frameflow.gateway.video;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Cuts a request body that arrives slower than a minimum rate (a trickled upload would otherwise
 * hold a slot and its buffers for hours). Only time spent waiting for the client counts: while the
 * service itself is busy sending parts to S3 it is not reading, and that is not the client's fault.
 */
final class ThroughputGuard extends FilterInputStream {

  /** The body came slower than the minimum: answered 408. */
  static final class TooSlowException extends IOException {
    TooSlowException(String message) {
      super(message);
    }
  }

  private final long minBytesPerSecond;
  private final long windowNanos;
  private long waitedNanos;
  private long bytesInWindow;

  ThroughputGuard(InputStream in, long minBytesPerSecond, Duration window) {
    super(in);
    this.minBytesPerSecond = minBytesPerSecond;
    this.windowNanos = window.toNanos();
  }

  @Override
  public int read() throws IOException {
    long start = System.nanoTime();
    int b = super.read();
    account(start, b < 0 ? 0 : 1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    long start = System.nanoTime();
    int n = super.read(buffer, offset, length);
    account(start, Math.max(0, n));
    return n;
  }

  private void account(long start, int bytes) throws IOException {
    waitedNanos += System.nanoTime() - start;
    bytesInWindow += bytes;
    if (waitedNanos >= windowNanos) {
      double seconds = waitedNanos / 1e9;
      if (bytesInWindow < minBytesPerSecond * seconds) {
        throw new TooSlowException(
            "the upload arrived at "
                + Math.round(bytesInWindow / seconds)
                + " bytes/s, below the minimum of "
                + minBytesPerSecond
                + " bytes/s");
      }
      waitedNanos = 0;
      bytesInWindow = 0;
    }
  }
}
