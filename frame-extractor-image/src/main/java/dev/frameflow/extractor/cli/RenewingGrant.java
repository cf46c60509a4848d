package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.upload.PresignedAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The pod's current grant, renewed before it expires: the operator signs the URLs with its own
 * credentials, which on EKS are a temporary STS session (IRSA, about an hour), so a long extraction
 * outlives its first URLs. Every request takes its URL from {@link #current()} as it is made (the
 * source's range reads through the relay, the ZIP's parts, its completion or abort, a slice's
 * PUTs), and {@link #current()} asks the operator again when {@link GrantRenewal} says so. The
 * renewed grant must be of the same run: the same shape, the same index, the same multipart upload
 * (the operator gives a one-pod pod its upload again; an index's URLs are the same but for their
 * signatures).
 *
 * <p>A failed renewal while the grant still works is logged and tried again after a backoff; once
 * the grant has expired, the renewal is asked for as at the start (retried for {@code
 * FRAMEFLOW_ACCESS_WAIT_SECONDS}) and if it still fails the request fails with {@link Lapsed}, a
 * transient fault (exit 1), never the video's.
 */
final class RenewingGrant {

  /** Asks the operator for the grant, retrying for up to {@code wait}. */
  @FunctionalInterface
  interface Source {
    AccessGrant fetch(Duration wait) throws IOException, InterruptedException;
  }

  /** The grant expired and could not be renewed: transient. */
  static final class Lapsed extends UncheckedIOException {
    Lapsed(String message, IOException cause) {
      super(message, cause);
    }
  }

  private final Source source;
  private final Duration wait;
  private final Clock clock;
  private final Consumer<String> log;

  private AccessGrant grant;
  private Instant receivedAt;
  private Instant retryAfter;
  private int failures;
  private int renewals;

  /**
   * @param first the grant the run started with, received just now
   * @param wait how long a renewal of an expired grant may keep asking
   */
  RenewingGrant(
      AccessGrant first, Source source, Duration wait, Clock clock, Consumer<String> log) {
    this.grant = Objects.requireNonNull(first);
    this.receivedAt = clock.instant();
    this.source = source;
    this.wait = wait;
    this.clock = clock;
    this.log = log;
  }

  /** The grant to use for the request about to be made: renewed first when it is time. */
  synchronized AccessGrant current() {
    Instant now = clock.instant();
    GrantRenewal.Decision decision =
        GrantRenewal.decide(now, receivedAt, grant.expiresAt(), retryAfter);
    if (decision instanceof GrantRenewal.Keep) {
      return grant;
    }
    boolean expired = decision instanceof GrantRenewal.Expired;
    try {
      AccessGrant renewed = source.fetch(expired ? wait : Duration.ZERO);
      requireSameRun(renewed);
      grant = renewed;
      receivedAt = clock.instant();
      retryAfter = null;
      failures = 0;
      renewals++;
      log.accept(
          "access grant renewed"
              + (renewed.expiresAt() == null ? "" : ", valid until " + renewed.expiresAt()));
      return grant;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Lapsed("interrupted while renewing the access grant", new IOException(e));
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (expired) {
        throw new Lapsed(
            "the access grant expired at " + grant.expiresAt() + " and was not renewed: " + why,
            e instanceof IOException io ? io : new IOException(why, e));
      }
      failures++;
      retryAfter = GrantRenewal.retryAfter(clock.instant(), failures, grant.expiresAt());
      log.accept(
          "access grant renewal failed ("
              + why
              + "); the grant serves until "
              + grant.expiresAt()
              + ", next attempt at "
              + retryAfter);
      return grant;
    }
  }

  /** How many times the grant was renewed so far. */
  synchronized int renewals() {
    return renewals;
  }

  /** The source's current presigned GET. */
  Supplier<URI> sourceUrl() {
    return () -> URI.create(current().sourceUrl().strip());
  }

  /** The one-pod run's current upload. */
  Supplier<PresignedAccess> upload() {
    return () -> current().upload();
  }

  /** The index's current URLs. */
  Supplier<AccessGrant.SliceGrant> slice() {
    return () -> current().slice();
  }

  /** A renewed grant must be for the run this one is: else the operator made a mistake. */
  private void requireSameRun(AccessGrant renewed) {
    if (renewed.upload() != null && grant.upload() != null) {
      String was = uploadIdOf(grant.upload().complete());
      if (!Objects.equals(was, uploadIdOf(renewed.upload().complete()))
          || renewed.upload().partSizeBytes() != grant.upload().partSizeBytes()
          || renewed.upload().partSignatures().size() != grant.upload().partSignatures().size()) {
        throw new RunAccess.Mismatch("the renewed grant is for another upload");
      }
    } else if (renewed.slice() != null && grant.slice() != null) {
      if (!renewed.slice().index().equals(grant.slice().index())) {
        throw new RunAccess.Mismatch("the renewed grant is for another index");
      }
    } else if ((renewed.upload() == null) != (grant.upload() == null)
        || (renewed.slice() == null) != (grant.slice() == null)) {
      throw new RunAccess.Mismatch("the renewed grant is of another shape");
    }
  }

  private static String uploadIdOf(String url) {
    int at = url.indexOf("uploadId=");
    if (at < 0) {
      return null;
    }
    int end = url.indexOf('&', at);
    return url.substring(at + "uploadId=".length(), end < 0 ? url.length() : end);
  }
}
