package dev.frameflow.gateway.video;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Cuts a body that arrives slower than a minimum rate: a trickled body would otherwise hold an
 * upload slot and its buffers for hours. Every body the gateway reads into storage goes through
 * one: form uploads, tus PATCH bodies and URL imports' downloads, with the same limits ({@code
 * frameflow.upload.min-throughput} over {@code throughput-window}). Only time spent waiting for the
 * sender counts: while the service itself is busy sending parts to S3 it is not reading, and that
 * is not the sender's fault.
 */
public final class ThroughputGuard extends FilterInputStream {

  /** The body came slower than the minimum. */
  public static final class TooSlowException extends IOException {
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

  /** {@code in} guarded with the upload limits. */
  public static ThroughputGuard of(InputStream in, UploadProperties limits) {
    return new ThroughputGuard(in, limits.minThroughput().toBytes(), limits.throughputWindow());
  }

  /** Whether {@code failure} is (or wraps) a guard's cut. */
  public static boolean causedBy(Throwable failure) {
    return causedBy(failure, TooSlowException.class);
  }

  /**
   * A guard's cut, or a sender that stalled until the connector's read timeout (which Tomcat may
   * wrap): both mean the client was too slow.
   */
  public static boolean clientTooSlow(Throwable failure) {
    return causedBy(failure, TooSlowException.class)
        || causedBy(failure, SocketTimeoutException.class);
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
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
            "the body arrived at "
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
