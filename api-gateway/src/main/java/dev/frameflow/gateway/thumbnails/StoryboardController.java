package dev.frameflow.gateway.thumbnails;

import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.video.Video;
import dev.frameflow.gateway.video.VideoService;
import dev.frameflow.gateway.video.VideoStatus;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The storyboard of a finished video extracted with {@code storyboard=true}, file by file from its
 * ZIP: {@code storyboard.vtt} (the WebVTT index, one cue per tile) and the sprites it names, at
 * paths relative to it ({@code sprite.jpg}, {@code sprite-2.jpg}, …), so that the cues' {@code
 * sprite.jpg#xywh=…} resolve against the VTT's own URL. The page's scrubbing preview reads it.
 */
@RestController
public class StoryboardController {

  static final MediaType WEBVTT =
      new MediaType("text", "vtt", java.nio.charset.StandardCharsets.UTF_8);
  // only what the extractor writes there: the index and the JPEG sprites
  private static final Pattern FILE =
      Pattern.compile("storyboard\\.vtt|sprite(-[0-9]{1,6})?\\.jpg");

  private final VideoService videos;
  private final FrameThumbnails thumbnails;

  public StoryboardController(VideoService videos, FrameThumbnails thumbnails) {
    this.videos = videos;
    this.thumbnails = thumbnails;
  }

  @Operation(
      summary = "A file of a finished video's storyboard: storyboard.vtt or one of its sprites",
      description =
          "404 when the video was extracted without a storyboard; 409 while it has not succeeded")
  @GetMapping("/api/videos/{id}/storyboard/{file}")
  public ResponseEntity<byte[]> file(
      @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @PathVariable String file)
      throws IOException {
    Video video = videos.get(user.id(), id);
    if (video.status() != VideoStatus.SUCCEEDED) {
      throw ApiProblem.conflict(
          "the storyboard is not ready: the video is " + video.status().name().toLowerCase());
    }
    if (!FILE.matcher(file).matches()) {
      throw ApiProblem.notFound("a storyboard has no file " + file);
    }
    byte[] bytes =
        thumbnails
            .storyboardFile(user.id(), id, video.output(), file)
            .orElseThrow(() -> ApiProblem.notFound("the video has no storyboard file " + file));
    // a finished ZIP never changes: the browser may keep it (privately) for a week
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofDays(7)).cachePrivate().immutable())
        .contentType(file.endsWith(".vtt") ? WEBVTT : MediaType.IMAGE_JPEG)
        .body(bytes);
  }
}
