package dev.frameflow.gateway.frames;

import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.frames.FrameLinks.SignedFrameLink;
import dev.frameflow.gateway.links.PublicBaseUrl;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ApiProblem.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signed frame URLs for a page or an email: the owner asks for one image of a video ({@code
 * frame.jpg} with its parameters, or an animated preview) valid for a while, at most {@code
 * frameflow.frames.link-max-lifetime}.
 */
@RestController
public class FrameLinkController {

  private final FrameVideos videos;
  private final FrameLinks links;
  private final PublicBaseUrl baseUrl;
  private final FrameProperties properties;
  private final Clock clock;

  public FrameLinkController(
      FrameVideos videos,
      FrameLinks links,
      PublicBaseUrl baseUrl,
      FrameProperties properties,
      Clock clock) {
    this.videos = videos;
    this.links = links;
    this.baseUrl = baseUrl;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * @param path the image: {@code frame.jpg|png|webp} or {@code animated.gif|webp}
   * @param query its parameters, as in its URL ({@code {"time": "83"}})
   * @param expiresInSeconds how long the link works; {@code link-default-lifetime} when absent
   */
  public record FrameLinkRequest(
      @NotBlank String path, Map<String, String> query, Long expiresInSeconds) {}

  @Operation(
      summary = "A signed URL of one frame or animated preview, usable without sign-in",
      description =
          "Body {\"path\": \"frame.jpg\", \"query\": {\"time\": \"83\"}, \"expiresInSeconds\":"
              + " 3600}: at most 7 days (frameflow.frames.link-max-lifetime). Answers the absolute"
              + " url (under frameflow.public-base-url, else the address this request reached; the path, the canonical parameters, expires and signature) and expiresAt."
              + " Changing anything in the url makes it answer 403 frame-link-invalid")
  @PostMapping("/api/videos/{id}/frame-links")
  public ResponseEntity<SignedFrameLink> create(
      @AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID id,
      @Validated @RequestBody FrameLinkRequest request,
      HttpServletRequest http) {
    if (!RequestedImage.isImageName(request.path())) {
      throw ApiProblem.invalidFields(
          List.of(
              new FieldError(
                  "path",
                  "must be frame.jpg, frame.png, frame.webp, animated.gif or animated.webp")));
    }
    RequestedImage image =
        RequestedImage.of(request.path(), request.query() == null ? Map.of() : request.query());
    Duration lifetime = lifetime(request.expiresInSeconds());
    videos.owned(user.id(), id);
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(links.sign(baseUrl.forAnswerTo(http), id, image, clock.instant().plus(lifetime)));
  }

  private Duration lifetime(Long seconds) {
    if (seconds == null) {
      return properties.linkDefaultLifetime();
    }
    long max = properties.linkMaxLifetime().toSeconds();
    if (seconds < 1 || seconds > max) {
      throw ApiProblem.invalidFields(
          List.of(
              new FieldError("expiresInSeconds", "must be between 1 and " + max + " (seconds)")));
    }
    return Duration.ofSeconds(seconds);
  }
}
