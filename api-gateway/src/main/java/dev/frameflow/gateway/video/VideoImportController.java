package dev.frameflow.gateway.video;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.storage.ObjectStorage;
import dev.frameflow.gateway.tracing.VideoSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/videos/import}: a link instead of the bytes. The video is fetched now, within
 * the request (the answer says whether it could be), stored like an upload and queued with the same
 * options, statuses and limits.
 */
@RestController
public class VideoImportController {

  private static final Logger log = LoggerFactory.getLogger(VideoImportController.class);

  private final UrlImporter importer;
  private final VideoService videos;
  private final ObjectStorage storage;
  private final UserQuota quota;
  private final IdempotencyKeys idempotency;
  private final UploadAdmission admission;
  private final JsonMapper json;
  private final VideoSpans spans;

  public VideoImportController(
      UrlImporter importer,
      VideoService videos,
      ObjectStorage storage,
      UserQuota quota,
      IdempotencyKeys idempotency,
      UploadAdmission admission,
      JsonMapper json,
      VideoSpans spans) {
    this.spans = spans;
    this.admission = admission;
    this.importer = importer;
    this.videos = videos;
    this.storage = storage;
    this.quota = quota;
    this.idempotency = idempotency;
    this.json = json;
  }

  /** A video to fetch; {@code extraction} as in {@code video.uploaded} (docs/events.md). */
  public record ImportRequest(String url, ExtractionOptions extraction) {}

  @Operation(
      summary = "Import a video from a public http(s) URL",
      description =
          "Fetches the URL (redirects followed and re-checked; internal addresses refused) and"
              + " queues the video like an upload")
  @PostMapping("/api/videos/import")
  public ResponseEntity<?> importVideo(
      @RequestBody ImportRequest request,
      @AuthenticationPrincipal CurrentUser user,
      @RequestHeader(name = VideoUploadController.IDEMPOTENCY_KEY, required = false)
          String idempotencyKey) {
    if (request == null) {
      throw ApiProblem.badRequest("send {\"url\": ...}");
    }
    ExtractionOptions options = checked(request.extraction());
    // the same guards as an upload: an Idempotency-Key's first answer again, the user's quota
    String key = idempotencyKey == null ? null : IdempotencyKeys.validated(idempotencyKey);
    if (key != null) {
      // bound to the import asked for: the URL and the options, as parsed
      Optional<IdempotencyKeys.StoredResponse> earlier =
          idempotency.claim(
              user.id(),
              key,
              IdempotencyKeys.Request.of(
                  "POST", "/api/videos/import", json.writeValueAsString(request)));
      if (earlier.isPresent()) {
        return ResponseEntity.status(earlier.get().status())
            .contentType(MediaType.APPLICATION_JSON)
            .header(VideoUploadController.IDEMPOTENT_REPLAY, "true")
            .body(earlier.get().body());
      }
    }
    boolean accepted = false;
    try {
      quota.check(user.id(), -1);
      StoredUpload upload;
      // a download holds a part buffer like an upload: it takes one of the same slots
      Span span = spans.start("video.upload", SpanKind.INTERNAL, null);
      span.setAttribute("video.import", true);
      Video video;
      try (var scope = span.makeCurrent()) {
        try (UploadAdmission.Slot slot = admission.admit(user.id())) {
          upload = importer.fetch(request.url());
        }
        video = register(user, upload, options, key);
      } catch (RuntimeException e) {
        VideoSpans.failed(span, e);
        throw e;
      } finally {
        span.end();
      }
      VideoView view = VideoView.of(video);
      accepted = true;
      return ResponseEntity.status(HttpStatus.ACCEPTED)
          .location(URI.create(view.location()))
          .body(new VideoUploadController.UploadResponse(List.of(view)));
    } finally {
      if (key != null && !accepted) {
        idempotency.release(user.id(), key);
      }
    }
  }

  /**
   * Registers the fetched video (and stores the answer under the Idempotency-Key in the same
   * transaction); an import that cannot be registered leaves no object behind.
   */
  private Video register(
      CurrentUser user, StoredUpload upload, ExtractionOptions options, String key) {
    try {
      return videos
          .registerAll(
              user.id(),
              List.of(upload),
              options,
              created -> {
                if (key != null) {
                  idempotency.complete(
                      user.id(),
                      key,
                      HttpStatus.ACCEPTED.value(),
                      json.writeValueAsString(
                          new VideoUploadController.UploadResponse(
                              created.stream().map(VideoView::of).toList())));
                }
              })
          .get(0);
    } catch (RuntimeException e) {
      try {
        storage.delete(upload.source());
      } catch (RuntimeException cleanup) {
        log.warn("could not delete an unregistered import {}", upload.source().key(), cleanup);
      }
      throw e;
    }
  }

  private static ExtractionOptions checked(ExtractionOptions options) {
    try {
      return (options == null ? ExtractionOptions.defaults() : options).validated();
    } catch (InvalidOptionsException e) {
      throw ApiProblem.invalidFields(
          e.violations().stream()
              .map(v -> new ApiProblem.FieldError("extraction." + v.field(), v.message()))
              .toList());
    }
  }
}
