package dev.frameflow.gateway.video;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.InvalidOptionsException;
import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.storage.ObjectStorage;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

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

  public VideoImportController(UrlImporter importer, VideoService videos, ObjectStorage storage) {
    this.importer = importer;
    this.videos = videos;
    this.storage = storage;
  }

  /** A video to fetch; {@code extraction} as in {@code video.uploaded} (docs/events.md). */
  public record ImportRequest(String url, ExtractionOptions extraction) {}

  @Operation(
      summary = "Import a video from a public http(s) URL",
      description =
          "Fetches the URL (redirects followed and re-checked; internal addresses refused) and"
              + " queues the video like an upload")
  @PostMapping("/api/videos/import")
  public ResponseEntity<VideoUploadController.UploadResponse> importVideo(
      @RequestBody ImportRequest request, @AuthenticationPrincipal CurrentUser user) {
    if (request == null) {
      throw ApiProblem.badRequest("send {\"url\": ...}");
    }
    ExtractionOptions options = checked(request.extraction());
    StoredUpload upload = importer.fetch(request.url());
    Video video;
    try {
      video = videos.register(user.id(), upload, options);
    } catch (RuntimeException e) {
      try {
        storage.delete(upload.source());
      } catch (RuntimeException cleanup) {
        log.warn("could not delete an unregistered import {}", upload.source().key(), cleanup);
      }
      throw e;
    }
    VideoView view = VideoView.of(video);
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create(view.location()))
        .body(new VideoUploadController.UploadResponse(List.of(view)));
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
