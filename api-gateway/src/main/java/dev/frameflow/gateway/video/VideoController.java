package dev.frameflow.gateway.video;

import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.problem.ApiProblem;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class VideoController {

  private final VideoService videos;
  private final CancelThrottle cancels;

  public VideoController(VideoService videos, CancelThrottle cancels) {
    this.videos = videos;
    this.cancels = cancels;
  }

  public record VideoPage(List<VideoView> items, int page, int size, long totalElements) {}

  @GetMapping("/api/videos")
  public VideoPage list(
      @AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    if (page < 0 || size < 1 || size > 100) {
      throw ApiProblem.badRequest("page must be >= 0 and size between 1 and 100");
    }
    VideoService.Page result = videos.list(user.id(), parseStatus(status), page, size);
    return new VideoPage(
        result.items().stream().map(VideoView::of).toList(), page, size, result.total());
  }

  @GetMapping("/api/videos/{id}")
  public VideoView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return VideoView.of(videos.get(user.id(), id));
  }

  /** 302 to a presigned URL valid for 15 minutes. */
  @GetMapping("/api/videos/{id}/download")
  public ResponseEntity<Void> download(
      @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(videos.downloadLink(user.id(), id))
        .build();
  }

  @DeleteMapping("/api/videos/{id}")
  public ResponseEntity<Void> cancel(
      @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    cancels.count(user.id());
    videos.cancel(user.id(), id);
    return ResponseEntity.noContent().build();
  }

  private static VideoStatus parseStatus(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return VideoStatus.valueOf(raw.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(
          "status must be one of QUEUED, PROCESSING, SUCCEEDED, FAILED, CANCELLED");
    }
  }
}
