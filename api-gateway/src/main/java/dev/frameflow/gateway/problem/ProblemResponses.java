package dev.frameflow.gateway.problem;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error the MVC layer produces leaves as {@code application/problem+json}. Spring's base
 * class covers 400/404/405/406/415 for framework exceptions; this adds our own {@link ApiProblem},
 * validation details and a last-resort 500 that never leaks internals.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
    body.setTitle(problem.title());
    typed(body, problem.type());
    problem.properties().forEach(body::setProperty);
    HttpHeaders headers = new HttpHeaders();
    if (problem.retryAfter() != null) {
      headers.set(
          HttpHeaders.RETRY_AFTER,
          Long.toString(ApiProblem.retryAfterSeconds(problem.retryAfter())));
    }
    return ResponseEntity.status(problem.status()).headers(headers).body(body);
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the request is not valid");
    body.setTitle("Validation failed");
    typed(body, ProblemType.VALIDATION_FAILED);
    body.setProperty(
        "errors",
        e.getConstraintViolations().stream()
            .map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage()))
            .toList());
    return ResponseEntity.badRequest().body(body);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "parameter '" + e.getName() + "' has an invalid value");
    body.setTitle("Bad request");
    typed(body, ProblemType.BAD_REQUEST);
    return ResponseEntity.badRequest().body(body);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected error while handling a request", e);
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "something went wrong on our side; try again later");
    body.setTitle("Internal server error");
    typed(body, ProblemType.INTERNAL_ERROR);
    return ResponseEntity.internalServerError().body(body);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the request is not valid");
    body.setTitle("Validation failed");
    typed(body, ProblemType.VALIDATION_FAILED);
    List<Map<String, String>> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(
                f ->
                    Map.of(
                        "field",
                        f.getField(),
                        "message",
                        f.getDefaultMessage() == null ? "invalid" : f.getDefaultMessage()))
            .toList();
    body.setProperty("errors", errors);
    return ResponseEntity.badRequest().headers(headers).body(body);
  }

  /** Framework errors (404, 405, 406, 415, ...) get the generic type of their status. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail detail
        && (detail.getProperties() == null || !detail.getProperties().containsKey("code"))) {
      typed(detail, ProblemType.forStatus(statusCode.value()));
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  static void typed(ProblemDetail body, ProblemType type) {
    body.setType(type.uri());
    body.setProperty("code", type.code());
  }
}
