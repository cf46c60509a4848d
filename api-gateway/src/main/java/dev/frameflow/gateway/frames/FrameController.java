package dev.frameflow.gateway.frames;

import dev.frameflow.contracts.frames.FrameRefusedException;
import dev.frameflow.contracts.frames.FrameServerProtocol;
import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.frames.FrameVideos.FrameSource;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import dev.frameflow.gateway.storage.ObjectStorage;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A video's picture at any moment ({@code frame.jpg|png|webp}) and its animated previews ({@code
 * animated.gif|webp}), for the owner (access token or API key) or for whoever holds a signed link.
 * The gateway checks who asks and the video's state, presigns a short read of the source and hands
 * the render to the {@link FrameRenderer}; it relays the image, its strong ETag and its frame time,
 * and answers the renderer's refusals as problems.
 */
@RestController
public class FrameController {

  /** How long a client may keep an image: the same URL always shows the same picture. */
  static final Duration MAX_AGE = Duration.ofDays(1);

  private final FrameVideos videos;
  private final FrameLinks links;
  private final ObjectStorage storage;
  private final FrameRenderer renderer;
  private final FrameProperties properties;
  private final Clock clock;

  public FrameController(
      FrameVideos videos,
      FrameLinks links,
      ObjectStorage storage,
      FrameRenderer renderer,
      FrameProperties properties,
      Clock clock) {
    this.videos = videos;
    this.links = links;
    this.storage = storage;
    this.renderer = renderer;
    this.properties = properties;
    this.clock = clock;
  }

  @Operation(
      summary = "The video's frame at a time, as an image",
      description =
          "time=12.5 (seconds) or time=50% (of the duration), width and/or height (the extraction's bounds; the"
              + " other side follows the aspect ratio), fit=contain|cover|fill|pad when both are"
              + " given, quality (JPEG/WebP). The same picture as the extraction's ZIP for"
              + " timestamps=[time]. Strong ETag, X-Frame-Time (the frame's own time), 304 on"
              + " If-None-Match. With an access token or API key, or as a signed URL (expires and"
              + " signature from POST /api/videos/{id}/frame-links). 422 frame-time-past-end,"
              + " 409 video-still-uploading, 410 video-deleted, 429/503 with Retry-After")
  @GetMapping("/api/videos/{id}/frame.{extension}")
  public void frame(
      @AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID id,
      @PathVariable String extension,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    answer(user, id, RequestedImage.FRAME + "." + extension, request, response);
  }

  @Operation(
      summary = "An animated preview of a span of the video",
      description =
          "start and end in seconds (end after start, at most 10 s after it), fps (at most 30,"
              + " default 10), width (at most 640, default 320; the height follows). GIF with a"
              + " palette, or animated WebP. Same access, caching and refusals as frame.{ext}")
  @GetMapping("/api/videos/{id}/animated.{extension}")
  public void animated(
      @AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID id,
      @PathVariable String extension,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    answer(user, id, RequestedImage.ANIMATED + "." + extension, request, response);
  }

  private void answer(
      CurrentUser user,
      UUID id,
      String name,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    Map<String, String> query = singleValued(request);
    RequestedImage image = RequestedImage.of(name, FrameLinks.imageQuery(query));
    FrameSource video;
    CacheControl caching;
    if (FrameLinks.isSigned(request)) {
      String expires = query.get(FrameLinks.EXPIRES);
      switch (links.check(id, image, expires, query.get(FrameLinks.SIGNATURE))) {
        case FORGED ->
            throw ApiProblem.of(ProblemType.FRAME_LINK_INVALID, "this frame link is not valid");
        case EXPIRED ->
            throw ApiProblem.of(
                ProblemType.FRAME_LINK_EXPIRED,
                "this frame link has expired: ask its owner for a new one");
        case VALID -> {}
      }
      video = videos.linked(id);
      // never kept beyond the link's own life
      long left = Long.parseLong(expires) - clock.instant().getEpochSecond();
      caching =
          CacheControl.maxAge(Duration.ofSeconds(Math.min(left, MAX_AGE.toSeconds())))
              .cachePrivate();
    } else {
      // the security rules let no unsigned request here without a token
      video = videos.owned(user.id(), id);
      caching = CacheControl.maxAge(MAX_AGE).cachePrivate();
    }
    String sourceUrl =
        storage.presignedRead(video.source(), properties.presignLifetime()).toString();
    RenderedImage rendered;
    try {
      rendered =
          renderer.render(
              image.renderRequest(id, video.source().key(), sourceUrl, video.ownerId()),
              request.getHeader(HttpHeaders.IF_NONE_MATCH));
    } catch (FrameRefusedException refused) {
      throw RefusalProblems.of(refused, video);
    } catch (FramesUnavailableException unavailable) {
      throw ApiProblem.of(
          ProblemType.FRAMES_UNAVAILABLE,
          unavailable.getMessage(),
          properties.unavailableRetryAfter());
    }
    try (rendered) {
      response.setHeader(HttpHeaders.CACHE_CONTROL, caching.getHeaderValue());
      if (rendered.etag() != null) {
        response.setHeader(HttpHeaders.ETAG, rendered.etag());
      }
      if (rendered.frameTime() != null) {
        response.setHeader(FrameServerProtocol.FRAME_TIME_HEADER, rendered.frameTime());
      }
      if (rendered.notModified()) {
        response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        return;
      }
      response.setStatus(HttpServletResponse.SC_OK);
      response.setContentType(rendered.contentType());
      if (rendered.contentLength() >= 0) {
        response.setContentLengthLong(rendered.contentLength());
      }
      OutputStream out = response.getOutputStream();
      rendered.body().transferTo(out);
      out.flush();
    }
  }

  /** The query, each parameter once: a parameter given twice could mean two pictures. */
  private static Map<String, String> singleValued(HttpServletRequest request) {
    Map<String, String> query = new LinkedHashMap<>();
    request
        .getParameterMap()
        .forEach(
            (name, values) -> {
              if (values.length != 1) {
                throw ApiProblem.badRequest("the parameter '" + name + "' is given more than once");
              }
              query.put(name, values[0]);
            });
    return query;
  }
}
