package dev.frameflow.gateway.thumbnails;

import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.video.Video;
import dev.frameflow.gateway.video.VideoService;
import dev.frameflow.gateway.video.VideoStatus;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A strip of small frames of a finished video, so its owner sees what the ZIP holds. */
@RestController
public class ThumbnailController {

  private final VideoService videos;
  private final FrameThumbnails thumbnails;

  public ThumbnailController(VideoService videos, FrameThumbnails thumbnails) {
    this.videos = videos;
    this.thumbnails = thumbnails;
  }

  public record Thumbnail(int index, String name, Double seconds, String href) {}

  public record ThumbnailStrip(List<Thumbnail> items) {}

  @Operation(
      summary = "Up to 6 evenly spaced frames of a finished video",
      description = "409 while the video has not succeeded; each href answers a small JPEG")
  @GetMapping("/api/videos/{id}/thumbnails")
  public ResponseEntity<ThumbnailStrip> strip(
      @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    Video video = succeeded(user, id);
    List<Thumbnail> items =
        thumbnails.strip(user.id(), id, video.output()).stream()
            .map(
                f ->
                    new Thumbnail(
                        f.index(),
                        f.name(),
                        f.seconds(),
                        "/api/videos/" + id + "/thumbnails/" + f.index()))
            .toList();
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
        .body(new ThumbnailStrip(items));
  }

  @Operation(summary = "A JPEG at most 320 pixels wide of one frame of a finished video")
  @GetMapping(path = "/api/videos/{id}/thumbnails/{index}", produces = MediaType.IMAGE_JPEG_VALUE)
  public ResponseEntity<byte[]> thumbnail(
      @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @PathVariable int index)
      throws IOException {
    Video video = succeeded(user, id);
    byte[] image =
        thumbnails
            .thumbnail(user.id(), id, video.output(), index)
            .orElseThrow(() -> ApiProblem.notFound("the video has no frame " + index));
    // a finished ZIP never changes: the browser may keep the image (privately) for a week
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofDays(7)).cachePrivate().immutable())
        .contentType(MediaType.IMAGE_JPEG)
        .body(image);
  }

  private Video succeeded(CurrentUser user, UUID id) {
    Video video = videos.get(user.id(), id);
    if (video.status() != VideoStatus.SUCCEEDED) {
      throw ApiProblem.conflict(
          "the frames are not ready: the video is " + video.status().name().toLowerCase());
    }
    return video;
  }
}
