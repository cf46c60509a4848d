package dev.frameflow.gateway.problem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers with a specific status and a plain-language detail; rendered as RFC 9457
 * problem JSON by {@link ProblemResponses}.
 */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String title;
  private final Duration retryAfter;
  private final Map<String, Object> properties;

  public ApiProblem(HttpStatus status, String title, String detail) {
    this(status, title, detail, null);
  }

  public ApiProblem(HttpStatus status, String title, String detail, Duration retryAfter) {
    this(status, title, detail, retryAfter, Map.of());
  }

  private ApiProblem(
      HttpStatus status,
      String title,
      String detail,
      Duration retryAfter,
      Map<String, Object> properties) {
    super(detail);
    this.status = status;
    this.title = title;
    this.retryAfter = retryAfter;
    this.properties = properties;
  }

  /**
   * A 400 naming each offending field: {@code errors} is a list of {@code {field, message}} a
   * program can branch on, {@code detail} the same in one sentence for people.
   */
  public static ApiProblem invalidFields(List<FieldError> errors) {
    String detail =
        errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
    return new ApiProblem(
        HttpStatus.BAD_REQUEST, "Bad request", detail, null, Map.of("errors", List.copyOf(errors)));
  }

  /** One field's problem, as listed in {@code errors}. */
  public record FieldError(String field, String message) {}

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, "Bad request", detail);
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, "Conflict", detail);
  }

  public static ApiProblem tooLarge(String detail) {
    return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "Content too large", detail);
  }

  public static ApiProblem unsupportedMediaType(String detail) {
    return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", detail);
  }

  public static ApiProblem tooManyRequests(String detail, Duration retryAfter) {
    return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, retryAfter);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** Extra members of the problem JSON. */
  public Map<String, Object> properties() {
    return properties;
  }

  /** When set, answered as a {@code Retry-After} header in whole seconds. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
