package dev.frameflow.gateway.resumable;

import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.video.UnreadBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tus 1.0 protocol (core, creation, termination, expiration) under {@code /api/uploads}. The
 * headers are tus's; errors are problem JSON like the rest of the API. A client whose HTTP stack
 * cannot send PATCH or DELETE (Java's {@code HttpURLConnection}) may POST with {@code
 * X-HTTP-Method-Override}, as tus allows.
 */
@RestController
@Tag(name = "Resumable uploads (tus 1.0)")
public class TusUploadController {

  static final String VERSION = "1.0.0";
  static final String EXTENSIONS = "creation,termination,expiration";
  static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
  static final String VIDEO_ID = "Frameflow-Video-Id";
  static final String VIDEO_LOCATION = "Frameflow-Video-Location";

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private final ResumableUploadService service;

  public TusUploadController(ResumableUploadService service) {
    this.service = service;
  }

  @Operation(summary = "What the tus server supports (no token needed)")
  @RequestMapping(
      path = {"/api/uploads", "/api/uploads/{id}"},
      method = RequestMethod.OPTIONS)
  public ResponseEntity<Void> options() {
    return ResponseEntity.noContent()
        .header("Tus-Resumable", VERSION)
        .header("Tus-Version", VERSION)
        .header("Tus-Extension", EXTENSIONS)
        .header("Tus-Max-Size", Long.toString(service.maxSize()))
        .build();
  }

  @Operation(
      summary = "Create a resumable upload",
      description =
          "tus creation: Upload-Length (bytes) and Upload-Metadata (filename, filetype and the"
              + " extraction options, each base64)")
  @RequestMapping(path = "/api/uploads", method = RequestMethod.POST)
  public ResponseEntity<Void> create(
      @RequestHeader(name = "Upload-Length", required = false) String length,
      @RequestHeader(name = "Upload-Metadata", required = false) String metadata,
      @RequestHeader(name = "Upload-Defer-Length", required = false) String deferLength,
      @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request,
      HttpServletResponse response) {
    checkVersion(request, response);
    if (deferLength != null) {
      throw ApiProblem.badRequest("Upload-Defer-Length is not supported: give Upload-Length");
    }
    if (length == null) {
      throw ApiProblem.badRequest("Upload-Length is required");
    }
    ResumableUploadService.State state =
        service.create(user.id(), number("Upload-Length", length), metadata);
    return ResponseEntity.status(HttpStatus.CREATED)
        .location(URI.create("/api/uploads/" + state.id()))
        .header("Tus-Resumable", VERSION)
        .header("Upload-Expires", HTTP_DATE.format(state.expiresAt()))
        .build();
  }

  @Operation(summary = "Where an upload stands: Upload-Offset, and the video once complete")
  @RequestMapping(path = "/api/uploads/{id}", method = RequestMethod.HEAD)
  public ResponseEntity<Void> head(
      @PathVariable UUID id,
      @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request,
      HttpServletResponse response) {
    checkVersion(request, response);
    ResumableUploadService.State state = service.status(user.id(), id);
    ResponseEntity.HeadersBuilder<?> answer =
        headers(ResponseEntity.ok(), state)
            .header("Upload-Length", Long.toString(state.length()))
            .header(HttpHeaders.CACHE_CONTROL, "no-store");
    if (state.metadata() != null) {
      answer.header("Upload-Metadata", state.metadata());
    }
    return answer.build();
  }

  @Operation(
      summary = "Append bytes at Upload-Offset",
      description =
          "Content-Type application/offset+octet-stream; the answer to the PATCH that completes"
              + " the upload names the video in Frameflow-Video-Id and Frameflow-Video-Location")
  @RequestMapping(path = "/api/uploads/{id}", method = RequestMethod.PATCH)
  public ResponseEntity<Void> patch(
      @PathVariable UUID id,
      @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    checkVersion(request, response);
    String contentType = request.getContentType();
    if (contentType == null
        || !contentType.split(";")[0].strip().equalsIgnoreCase(OFFSET_OCTET_STREAM)) {
      throw ApiProblem.unsupportedMediaType("a PATCH body must be " + OFFSET_OCTET_STREAM);
    }
    String offset = request.getHeader("Upload-Offset");
    if (offset == null) {
      throw ApiProblem.badRequest("Upload-Offset is required");
    }
    ResumableUploadService.State state;
    try {
      state =
          service.append(
              user.id(),
              id,
              number("Upload-Offset", offset),
              request.getContentLengthLong(),
              request.getInputStream());
    } catch (ApiProblem refused) {
      throw UnreadBody.refuse(response, refused);
    }
    return headers(ResponseEntity.noContent(), state).build();
  }

  @Operation(summary = "Terminate an upload: its stored bytes are deleted")
  @RequestMapping(path = "/api/uploads/{id}", method = RequestMethod.DELETE)
  public ResponseEntity<Void> delete(
      @PathVariable UUID id,
      @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request,
      HttpServletResponse response) {
    checkVersion(request, response);
    service.terminate(user.id(), id);
    return ResponseEntity.noContent().header("Tus-Resumable", VERSION).build();
  }

  @Operation(summary = "PATCH or DELETE for clients that can only POST (X-HTTP-Method-Override)")
  @RequestMapping(
      path = "/api/uploads/{id}",
      method = RequestMethod.POST,
      headers = "X-HTTP-Method-Override")
  public ResponseEntity<Void> overridden(
      @PathVariable UUID id,
      @RequestHeader("X-HTTP-Method-Override") String method,
      @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    return switch (method.strip().toUpperCase(Locale.ROOT)) {
      case "PATCH" -> patch(id, user, request, response);
      case "DELETE" -> delete(id, user, request, response);
      default ->
          throw new ApiProblem(
              HttpStatus.METHOD_NOT_ALLOWED,
              "Method not allowed",
              "X-HTTP-Method-Override may be PATCH or DELETE");
    };
  }

  private static ResponseEntity.HeadersBuilder<?> headers(
      ResponseEntity.HeadersBuilder<?> answer, ResumableUploadService.State state) {
    answer.header("Tus-Resumable", VERSION).header("Upload-Offset", Long.toString(state.offset()));
    Instant expires = state.expiresAt();
    if (expires != null) {
      answer.header("Upload-Expires", HTTP_DATE.format(expires));
    }
    if (state.videoId() != null) {
      answer
          .header(VIDEO_ID, state.videoId().toString())
          .header(VIDEO_LOCATION, "/api/videos/" + state.videoId());
    }
    return answer;
  }

  // set on the servlet response so that it survives into the problem answer
  private static void checkVersion(HttpServletRequest request, HttpServletResponse response) {
    response.setHeader("Tus-Resumable", VERSION);
    if (!VERSION.equals(request.getHeader("Tus-Resumable"))) {
      response.setHeader("Tus-Version", VERSION);
      throw new ApiProblem(
          HttpStatus.PRECONDITION_FAILED,
          "Precondition failed",
          "this server speaks tus " + VERSION + ": send Tus-Resumable: " + VERSION);
    }
  }

  private static long number(String header, String value) {
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiProblem.badRequest(header + " must be a non-negative whole number");
  }
}
