package dev.frameflow.gateway.problem;

import java.net.URI;
import java.util.Arrays;
import org.springframework.http.HttpStatus;

/**
 * Every kind of error the API answers, with the stable {@code code} and {@code type} URI a program
 * can branch on (the {@code detail} text is for people and may change). docs/api-errors.md lists
 * them all; a test keeps the two in step. Add a constant here rather than reuse a generic one when
 * a client could act differently on the new case.
 */
public enum ProblemType {
  BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad request"),
  VALIDATION_FAILED("validation-failed", HttpStatus.BAD_REQUEST, "Validation failed"),
  INVALID_FIELDS("invalid-fields", HttpStatus.BAD_REQUEST, "Bad request"),
  MALFORMED_MULTIPART("malformed-multipart", HttpStatus.BAD_REQUEST, "Bad request"),
  INVALID_PART_HEADER("invalid-part-header", HttpStatus.BAD_REQUEST, "Bad request"),
  INVALID_IDEMPOTENCY_KEY("invalid-idempotency-key", HttpStatus.BAD_REQUEST, "Bad request"),
  WEAK_PASSWORD("weak-password", HttpStatus.BAD_REQUEST, "Bad request"),
  URL_REFUSED("url-refused", HttpStatus.BAD_REQUEST, "Bad request"),
  URL_FETCH_FAILED("url-fetch-failed", HttpStatus.BAD_REQUEST, "Bad request"),
  INVALID_VERIFICATION_TOKEN("invalid-verification-token", HttpStatus.BAD_REQUEST, "Bad request"),
  INVALID_RESET_TOKEN("invalid-reset-token", HttpStatus.BAD_REQUEST, "Bad request"),
  UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
  INVALID_CREDENTIALS("invalid-credentials", HttpStatus.UNAUTHORIZED, "Unauthorized"),
  INVALID_REFRESH_TOKEN("invalid-refresh-token", HttpStatus.UNAUTHORIZED, "Unauthorized"),
  FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
  INSUFFICIENT_SCOPE("insufficient-scope", HttpStatus.FORBIDDEN, "Forbidden"),
  EMAIL_NOT_VERIFIED("email-not-verified", HttpStatus.FORBIDDEN, "Forbidden"),
  WRONG_PASSWORD("wrong-password", HttpStatus.FORBIDDEN, "Forbidden"),
  FRAME_LINK_INVALID("frame-link-invalid", HttpStatus.FORBIDDEN, "Forbidden"),
  FRAME_LINK_EXPIRED("frame-link-expired", HttpStatus.FORBIDDEN, "Forbidden"),
  NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
  METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
  UPLOAD_TOO_SLOW("upload-too-slow", HttpStatus.REQUEST_TIMEOUT, "Request timeout"),
  CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
  VIDEO_NOT_READY("video-not-ready", HttpStatus.CONFLICT, "Conflict"),
  IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", HttpStatus.CONFLICT, "Conflict"),
  VIDEO_STILL_UPLOADING("video-still-uploading", HttpStatus.CONFLICT, "Conflict"),
  // the generic 410 first: forStatus(410) must not answer a specific case
  GONE("gone", HttpStatus.GONE, "Gone"),
  VIDEO_DELETED("video-deleted", HttpStatus.GONE, "Gone"),
  IDEMPOTENCY_KEY_REUSED(
      "idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable content"),
  VIDEO_SOURCE_UNUSABLE(
      "video-source-unusable", HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable content"),
  FRAME_TIME_PAST_END(
      "frame-time-past-end", HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable content"),
  CONTENT_TOO_LARGE("content-too-large", HttpStatus.CONTENT_TOO_LARGE, "Content too large"),
  FILE_TOO_LARGE("file-too-large", HttpStatus.CONTENT_TOO_LARGE, "Content too large"),
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  UNSUPPORTED_VIDEO(
      "unsupported-video-container", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  LOGIN_THROTTLED("login-throttled", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  REGISTRATION_THROTTLED(
      "registration-throttled", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  PASSWORD_RESET_THROTTLED(
      "password-reset-throttled", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  UPLOADS_IN_FLIGHT(
      "too-many-uploads-in-flight", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  RESUMABLE_UPLOADS_OPEN(
      "too-many-open-resumable-uploads", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  DAILY_UPLOAD_QUOTA("daily-upload-quota", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  QUEUE_FULL("too-many-queued-videos", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  TOO_MANY_LIVE_STREAMS("too-many-live-streams", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  TOO_MANY_THUMBNAIL_REQUESTS(
      "too-many-thumbnail-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  WEBHOOK_TESTS_THROTTLED(
      "too-many-webhook-tests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  CANCELS_THROTTLED("too-many-cancels", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  TOO_MANY_FRAME_REQUESTS(
      "too-many-frame-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error"),
  SERVER_BUSY("server-busy", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
  FRAME_SERVER_BUSY("frame-server-busy", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
  FRAMES_UNAVAILABLE("frames-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable");

  /** Where the problem types are documented; {@code type} is this plus the code. */
  public static final String BASE_URI = "https://frameflow.dev/problems/";

  private final String code;
  private final HttpStatus status;
  private final String title;

  ProblemType(String code, HttpStatus status, String title) {
    this.code = code;
    this.status = status;
    this.title = title;
  }

  public String code() {
    return code;
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  public URI uri() {
    return URI.create(BASE_URI + code);
  }

  /** The generic type for a status the framework answers by itself (404, 405, ...). */
  public static ProblemType forStatus(int status) {
    return Arrays.stream(values())
        .filter(t -> t.status.value() == status)
        .findFirst()
        .orElse(status >= 500 ? INTERNAL_ERROR : BAD_REQUEST);
  }
}
