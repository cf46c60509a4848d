package dev.frameflow.gateway.resumable;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import dev.frameflow.gateway.resumable.ResumableUploadRepository.Part;
import dev.frameflow.gateway.storage.StorageProperties;
import dev.frameflow.gateway.tracing.VideoSpans;
import dev.frameflow.gateway.video.ContainerFormat;
import dev.frameflow.gateway.video.StoredUpload;
import dev.frameflow.gateway.video.ThroughputGuard;
import dev.frameflow.gateway.video.UploadAdmission;
import dev.frameflow.gateway.video.UploadProperties;
import dev.frameflow.gateway.video.UploadReceiver;
import dev.frameflow.gateway.video.UserQuota;
import dev.frameflow.gateway.video.VideoService;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * Resumable uploads: creation, appending, status and termination. A PATCH holds at most one part
 * (the upload part size) in memory: it starts from the stored tail, sends a part to S3 each time
 * the buffer fills, and leaves the rest as the new tail, so whichever replica gets the next PATCH
 * continues from the database and S3 alone. When the last byte arrives the multipart upload is
 * completed and the video registered like a form upload ({@link VideoService#register}).
 *
 * <p>A resumable upload counts against the same per-user quotas as a form upload ({@link
 * UserQuota}: videos waiting, bytes a day): at creation with its declared length, and again when
 * its last byte arrives, before it becomes a video. The number of open uploads per user is counted
 * and the new one inserted under a lock on the user's row, so parallel creations cannot all pass
 * one count.
 */
@Service
public class ResumableUploadService {

  private static final Logger log = LoggerFactory.getLogger(ResumableUploadService.class);

  private final ResumableUploadRepository uploads;
  private final S3UploadParts parts;
  private final VideoService videos;
  private final StorageProperties s3;
  private final UploadProperties limits;
  private final ResumableProperties properties;
  private final UploadAdmission admission;
  private final UserQuota quota;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final VideoSpans spans;

  ResumableUploadService(
      ResumableUploadRepository uploads,
      S3UploadParts parts,
      VideoService videos,
      StorageProperties s3,
      UploadProperties limits,
      ResumableProperties properties,
      UploadAdmission admission,
      UserQuota quota,
      TransactionTemplate transaction,
      Clock clock,
      VideoSpans spans) {
    this.spans = spans;
    this.admission = admission;
    this.quota = quota;
    this.uploads = uploads;
    this.parts = parts;
    this.videos = videos;
    this.s3 = s3;
    this.limits = limits;
    this.properties = properties;
    this.transaction = transaction;
    this.clock = clock;
  }

  /** What a HEAD or PATCH answers about an upload. */
  record State(
      UUID id, long offset, long length, String metadata, Instant expiresAt, UUID videoId) {

    static State of(ResumableUpload upload) {
      return new State(
          upload.id(),
          upload.offset(),
          upload.length(),
          upload.metadata(),
          upload.completed() ? null : upload.expiresAt(),
          upload.completed() ? upload.videoId() : null);
    }
  }

  long maxSize() {
    return limits.maxFileSize().toBytes();
  }

  /** tus creation: checks the length and the metadata, then opens the S3 multipart upload. */
  State create(UUID ownerId, long length, String metadataHeader) {
    if (length <= 0) {
      throw ApiProblem.badRequest("Upload-Length must be at least 1");
    }
    if (length > maxSize()) {
      throw ApiProblem.tooLarge(
          "Upload-Length is larger than the limit of "
              + UploadReceiver.readable(limits.maxFileSize()));
    }
    UploadMetadata metadata = UploadMetadata.parse(metadataHeader);
    // the form upload's quotas (429 too-many-queued-videos, daily-upload-quota), with the length
    // the upload declares
    quota.check(ownerId, length);
    // each open upload holds an S3 multipart upload and a row until it completes or expires: a
    // first count refuses without touching S3, the count under the lock decides
    checkOpenUploads(ownerId, uploads.countOpen(ownerId, clock.instant()));
    UUID videoId = UUID.randomUUID();
    String s3UploadId = parts.begin(source(videoId), videoId);
    Instant now = clock.instant();
    ResumableUpload upload =
        new ResumableUpload(
            UUID.randomUUID(),
            ownerId,
            videoId,
            length,
            0,
            0,
            metadataHeader == null || metadataHeader.isBlank() ? null : metadataHeader,
            metadata.fileName(),
            metadata.contentType(),
            null,
            s3UploadId,
            now,
            now.plus(properties.expireAfter()),
            null);
    try {
      transaction.executeWithoutResult(
          status -> {
            // parallel creations of one user queue here: each counts what the others inserted
            uploads.lockOwner(ownerId);
            checkOpenUploads(ownerId, uploads.countOpen(ownerId, clock.instant()));
            uploads.insert(upload);
          });
    } catch (RuntimeException e) {
      parts.abort(source(videoId), s3UploadId);
      throw e;
    }
    return State.of(upload);
  }

  private void checkOpenUploads(UUID ownerId, int open) {
    if (open >= properties.maxOpenPerUser()) {
      throw ApiProblem.of(
          ProblemType.RESUMABLE_UPLOADS_OPEN,
          "at most "
              + properties.maxOpenPerUser()
              + " unfinished resumable uploads per user: finish or terminate one first");
    }
  }

  State status(UUID ownerId, UUID id) {
    return State.of(live(ownerId, id));
  }

  /**
   * tus PATCH: appends the body at {@code offset}. Whatever arrived before the client broke off is
   * kept (the next HEAD tells it where to go on).
   */
  State append(UUID ownerId, UUID id, long offset, long contentLength, InputStream body) {
    ResumableUpload upload = live(ownerId, id);
    if (upload.completed() && offset == upload.length() && contentLength <= 0) {
      return State.of(upload); // a repeated final PATCH: nothing left to do
    }
    if (offset != upload.offset() || upload.completed()) {
      throw offsetMismatch(offset, upload);
    }
    long remaining = upload.length() - offset;
    if (contentLength > remaining) {
      throw ApiProblem.badRequest(
          "the body has " + contentLength + " bytes but only " + remaining + " remain");
    }
    // a PATCH holds a part buffer like a form upload: it takes one of the same slots (503 when
    // the replica is full, 429 past the user's share), before it takes the upload's lease
    try (UploadAdmission.Slot slot = admission.admit(ownerId)) {
      // a trickled PATCH body would hold that slot for as long as the client likes: the form
      // upload's minimum rate applies
      return appendAdmitted(
          ownerId, id, offset, upload, remaining, ThroughputGuard.of(body, limits));
    }
  }

  private State appendAdmitted(
      UUID ownerId,
      UUID id,
      long offset,
      ResumableUpload upload,
      long remaining,
      InputStream body) {
    UUID lease = UUID.randomUUID();
    if (!uploads.acquire(id, offset, lease, clock.instant(), leaseUntil())) {
      ResumableUpload now = live(ownerId, id);
      if (now.offset() != offset || now.completed()) {
        throw offsetMismatch(offset, now);
      }
      throw new ApiProblem(
          HttpStatus.LOCKED, "Locked", "another request is appending to this upload");
    }
    try {
      return new Appender(upload, lease).run(body, remaining);
    } finally {
      uploads.release(id, lease);
    }
  }

  /** tus termination: the parts are aborted and the upload forgotten; a finished video stays. */
  void terminate(UUID ownerId, UUID id) {
    ResumableUpload upload =
        uploads
            .findOwned(id, ownerId)
            .orElseThrow(() -> ApiProblem.notFound("no upload with id " + id));
    discard(upload);
  }

  /** Discards every upload of the owner (the account is being deleted); returns how many. */
  public int discardAllOf(UUID ownerId) {
    List<ResumableUpload> owned = uploads.findAllOwned(ownerId);
    owned.forEach(this::discard);
    return owned.size();
  }

  /** Forgets the upload; an unfinished one's S3 parts and tail are deleted first. */
  void discard(ResumableUpload upload) {
    if (!upload.completed()) {
      parts.abort(source(upload.videoId()), upload.s3UploadId());
      parts.deleteTail(s3.uploadBucket(), upload.id());
    }
    uploads.delete(upload.id());
  }

  private ResumableUpload live(UUID ownerId, UUID id) {
    ResumableUpload upload =
        uploads
            .findOwned(id, ownerId)
            .orElseThrow(() -> ApiProblem.notFound("no upload with id " + id));
    if (upload.expired(clock.instant())) {
      throw new ApiProblem(HttpStatus.GONE, "Gone", "the upload " + id + " has expired");
    }
    return upload;
  }

  private static ApiProblem offsetMismatch(long offset, ResumableUpload upload) {
    return ApiProblem.conflict(
        "Upload-Offset "
            + offset
            + " does not match the upload's offset "
            + upload.offset()
            + (upload.completed() ? " (the upload is complete)" : "")
            + "; ask with HEAD where to go on");
  }

  private ObjectRef source(UUID videoId) {
    return new ObjectRef(s3.uploadBucket(), VideoService.sourceKey(videoId));
  }

  private Instant leaseUntil() {
    return clock.instant().plus(properties.lockTimeout());
  }

  /**
   * {@code expireAfter} after the last bytes, but never later than {@code maxAge} after the upload
   * began: the buckets' lifecycle aborts a multipart upload a fixed number of days after it was
   * initiated, whatever its activity, so an upload the gateway still advertises must end first.
   */
  private Instant expiry(ResumableUpload upload) {
    Instant byActivity = clock.instant().plus(properties.expireAfter());
    Instant byAge = upload.createdAt().plus(properties.maxAge());
    return byActivity.isBefore(byAge) ? byActivity : byAge;
  }

  /** One PATCH's work on one upload, under a lease. */
  private final class Appender {

    private final ResumableUpload upload;
    private final UUID lease;
    private final ObjectRef target;
    private final byte[] buffer;
    private ContainerFormat container;
    private long inParts;
    private int filled;
    private Instant renewAt;
    // when this PATCH began: the start of the upload's span if it turns out to complete the video
    private final Instant began = Instant.now();

    Appender(ResumableUpload upload, UUID lease) {
      this.upload = upload;
      this.lease = lease;
      this.target = source(upload.videoId());
      this.buffer = new byte[(int) limits.partSize().toBytes()];
      this.container = upload.container();
      this.inParts = upload.bytesInParts();
      this.renewAt = clock.instant().plus(properties.lockTimeout().dividedBy(3));
    }

    State run(InputStream body, long remaining) {
      if (upload.tailBytes() > 0) {
        try {
          parts.readTail(s3.uploadBucket(), upload.id(), buffer, upload.tailBytes());
        } catch (IOException e) {
          throw new IllegalStateException("could not read the stored tail", e);
        }
        filled = upload.tailBytes();
      }
      long received = 0;
      boolean extra = false;
      boolean tooSlow = false;
      try {
        while (received < remaining) {
          int n =
              body.read(
                  buffer, filled, (int) Math.min(buffer.length - filled, remaining - received));
          if (n < 0) {
            break;
          }
          filled += n;
          received += n;
          sniff();
          if (filled == buffer.length && inParts + filled < upload.length()) {
            sendPart();
          }
          keepLease();
        }
        extra = received == remaining && body.read() >= 0;
      } catch (IOException clientWentAway) {
        tooSlow = ThroughputGuard.clientTooSlow(clientWentAway);
        log.info(
            "PATCH of upload {} broke off after {} bytes: {}",
            upload.id(),
            received,
            clientWentAway.toString());
      }
      long offset = inParts + filled;
      if (offset == upload.length() && !extra) {
        // counted like a form upload before it becomes a video. Over the quota, the last bytes are
        // not recorded: the upload stays unfinished (HEAD gives the offset before them, as tus
        // clients expect of an upload not yet complete) and sending them again completes it once
        // the quota allows; the parts already stored stay
        quota.check(upload.ownerId(), upload.length());
        return complete();
      }
      if (received > 0) {
        parts.writeTail(s3.uploadBucket(), upload.id(), buffer, filled);
        checkLease(uploads.tailStored(upload.id(), lease, offset, filled, expiry(upload)));
      }
      if (extra) {
        throw ApiProblem.badRequest(
            "the body goes past Upload-Length; the bytes after it are lost");
      }
      if (tooSlow) {
        // what arrived is kept, as for a client that broke off: HEAD tells where to go on
        throw ApiProblem.of(
            ProblemType.UPLOAD_TOO_SLOW,
            "the body arrived slower than the minimum of "
                + limits.minThroughput().toBytes()
                + " bytes/s and was cut off after "
                + received
                + " bytes, which are kept; ask with HEAD where to go on");
      }
      // an empty PATCH stores nothing and so does not move the expiry
      Instant expires = received > 0 ? expiry(upload) : upload.expiresAt();
      return new State(upload.id(), offset, upload.length(), upload.metadata(), expires, null);
    }

    /** The first bytes decide, as for a form upload; not a video → the upload is discarded. */
    private void sniff() {
      if (container != null || inParts > 0) {
        return;
      }
      if (filled < Math.min(ContainerFormat.SNIFF_BYTES, upload.length())) {
        return;
      }
      container = ContainerFormat.detect(Arrays.copyOf(buffer, filled)).orElse(null);
      if (container == null) {
        uploads.release(upload.id(), lease);
        discard(upload);
        throw ApiProblem.unsupportedMediaType(
            "'"
                + UploadReceiver.safe(upload.fileName())
                + "' is not a supported video container (MP4/MOV, MKV/WebM, AVI or MPEG-TS);"
                + " the upload is deleted");
      }
      checkLease(uploads.setContainer(upload.id(), lease, container));
    }

    private void sendPart() {
      int number = (int) (inParts / buffer.length) + 1;
      Part part = parts.sendPart(target, upload.s3UploadId(), number, buffer, filled);
      inParts += filled;
      filled = 0;
      checkLease(uploads.partStored(upload.id(), lease, part, inParts, expiry(upload)));
      renewAt = clock.instant().plus(properties.lockTimeout().dividedBy(3));
    }

    private void keepLease() {
      if (clock.instant().isAfter(renewAt)) {
        checkLease(uploads.renew(upload.id(), lease, leaseUntil()));
        renewAt = clock.instant().plus(properties.lockTimeout().dividedBy(3));
      }
    }

    /**
     * The PATCH that completes the upload is the video's {@code video.upload} span, as a form
     * upload is: begun with the PATCH, the storing of its last part ({@code video.store}) and the
     * registration are in it, and the outbox row keeps its context, so the video's trace begins
     * here.
     */
    private State complete() {
      Span span = spans.startAt("video.upload", SpanKind.INTERNAL, upload.videoId(), began);
      span.setAttribute("upload.resumable.id", upload.id().toString());
      span.setAttribute("upload.offset", upload.offset());
      span.setAttribute("upload.length", upload.length());
      try (var scope = VideoSpans.enter(span, upload.videoId())) {
        store();
        return register();
      } catch (RuntimeException e) {
        VideoSpans.failed(span, e);
        throw e;
      } finally {
        span.end();
      }
    }

    /** The last part and the multipart upload's completion. */
    private void store() {
      Span span = spans.start("video.store", SpanKind.INTERNAL, upload.videoId());
      try (var scope = span.makeCurrent()) {
        storeLastPart();
      } catch (RuntimeException e) {
        VideoSpans.failed(span, e);
        throw e;
      } finally {
        span.end();
      }
    }

    private void storeLastPart() {
      int number = (int) (inParts / buffer.length) + 1;
      try {
        Part last = parts.sendPart(target, upload.s3UploadId(), number, buffer, filled);
        List<Part> all = new ArrayList<>(uploads.parts(upload.id()));
        all.removeIf(p -> p.number() >= number);
        all.add(last);
        parts.complete(target, upload.s3UploadId(), all);
      } catch (NoSuchUploadException e) {
        // an earlier attempt completed the object, then failed to register it: go on from there
        if (parts.storedLength(target) != upload.length()) {
          // aborted behind our back (the buckets' lifecycle, an operator): nothing to resume
          throw new ApiProblem(
              HttpStatus.GONE,
              "Gone",
              "this upload's stored parts are gone from storage; start a new upload");
        }
      }
    }

    private State register() {
      StoredUpload stored =
          new StoredUpload(
              upload.videoId(),
              target,
              upload.fileName(),
              upload.contentType(),
              container,
              upload.length());
      Instant now = clock.instant();
      transaction.executeWithoutResult(
          status -> {
            // the options were checked at creation; read again, they give the same answer
            videos.register(
                upload.ownerId(), stored, UploadMetadata.parse(upload.metadata()).options());
            checkLease(
                uploads.markCompleted(
                    upload.id(), lease, upload.length(), now, now.plus(properties.expireAfter())));
          });
      parts.deleteTail(s3.uploadBucket(), upload.id());
      return new State(
          upload.id(), upload.length(), upload.length(), upload.metadata(), null, upload.videoId());
    }

    private void checkLease(boolean stillHeld) {
      if (!stillHeld) {
        throw ApiProblem.conflict(
            "this request stalled and another one took the upload over; ask with HEAD where to"
                + " go on");
      }
    }
  }
}
