package dev.frameflow.gateway.problem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers with a {@link ProblemType} (status, stable {@code type} and {@code
 * code}) and a plain-language detail; rendered as RFC 9457 problem JSON by {@link
 * ProblemResponses}.
 */
public class ApiProblem extends RuntimeException {

  private final ProblemType type;
  private final HttpStatus status;
  private final String title;
  private final Duration retryAfter;
  private final Map<String, Object> properties;

  public ApiProblem(HttpStatus status, String title, String detail) {
    this(status, title, detail, null);
  }

  public ApiProblem(HttpStatus status, String title, String detail, Duration retryAfter) {
    this(ProblemType.forStatus(status.value()), status, title, detail, retryAfter, Map.of());
  }

  private ApiProblem(
      ProblemType type,
      HttpStatus status,
      String title,
      String detail,
      Duration retryAfter,
      Map<String, Object> properties) {
    super(detail);
    this.type = type;
    this.status = status;
    this.title = title;
    this.retryAfter = retryAfter;
    this.properties = properties;
  }

  /** The problem of the given type. */
  public static ApiProblem of(ProblemType type, String detail) {
    return new ApiProblem(type, type.status(), type.title(), detail, null, Map.of());
  }

  /** The problem of the given type, answered with {@code Retry-After}. */
  public static ApiProblem of(ProblemType type, String detail, Duration retryAfter) {
    return new ApiProblem(type, type.status(), type.title(), detail, retryAfter, Map.of());
  }

  /**
   * A 400 naming each offending field: {@code errors} is a list of {@code {field, message}} a
   * program can branch on, {@code detail} the same in one sentence for people.
   */
  public static ApiProblem invalidFields(List<FieldError> errors) {
    String detail =
        errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
    ProblemType type = ProblemType.INVALID_FIELDS;
    return new ApiProblem(
        type, type.status(), type.title(), detail, null, Map.of("errors", List.copyOf(errors)));
  }

  /** One field's problem, as listed in {@code errors}. */
  public record FieldError(String field, String message) {}

  public static ApiProblem badRequest(String detail) {
    return of(ProblemType.BAD_REQUEST, detail);
  }

  public static ApiProblem notFound(String detail) {
    return of(ProblemType.NOT_FOUND, detail);
  }

  public static ApiProblem conflict(String detail) {
    return of(ProblemType.CONFLICT, detail);
  }

  public static ApiProblem tooLarge(String detail) {
    return of(ProblemType.CONTENT_TOO_LARGE, detail);
  }

  public static ApiProblem unsupportedMediaType(String detail) {
    return of(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail);
  }

  public static ApiProblem tooManyRequests(String detail, Duration retryAfter) {
    return of(ProblemType.TOO_MANY_REQUESTS, detail, retryAfter);
  }

  public ProblemType type() {
    return type;
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

  /** {@code Retry-After} in whole seconds, at least 1. */
  public static long retryAfterSeconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }
}
