package dev.frameflow.gateway.live;

import dev.frameflow.gateway.auth.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/videos/events}: the signed-in user's videos, live, as Server-Sent Events. */
@RestController
public class LiveStatusController {

  private final LiveStatusHub hub;

  public LiveStatusController(LiveStatusHub hub) {
    this.hub = hub;
  }

  @Operation(
      summary = "Live status of the user's videos (Server-Sent Events)",
      description =
          "text/event-stream. First one `video` event per recent video (the 50 newest), then a"
              + " `ready` event, then a `video` event whenever one of them changes (status,"
              + " progressPercent, frames, failureReason: the same JSON as GET /api/videos/{id};"
              + " the event id is the video id). Comment lines keep the stream alive every 15 s."
              + " The stream ends after 10 minutes; reconnect (with a fresh access token), or poll"
              + " GET /api/videos when the stream cannot be kept open. Needs Authorization: Bearer.",
      responses =
          @ApiResponse(
              responseCode = "200",
              content =
                  @Content(
                      mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                      schema = @Schema(type = "string"))))
  @GetMapping(path = "/api/videos/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter events(@AuthenticationPrincipal CurrentUser user) {
    return hub.subscribe(user.id());
  }
}
