package dev.frameflow.gateway.slo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The counter {@code frameflow_upload_requests_total{route, outcome}} of the upload SLO: every
 * request that uploads (multipart {@code POST /api/videos}, {@code POST /api/videos/import}, tus
 * {@code POST /api/uploads} and {@code PATCH /api/uploads/{id}}) ends {@code accepted} (below 400),
 * {@code refused} (4xx: the client's input, quota or credentials) or {@code failed} (5xx, or an
 * exception that escaped). It runs before Spring Security, so that a failure there counts too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class UploadOutcomes extends OncePerRequestFilter {

  public static final String METRIC = "frameflow.upload.requests";

  /** The {@code route} label. */
  enum Route {
    MULTIPART,
    IMPORT,
    RESUMABLE
  }

  /** The {@code outcome} label. */
  enum Outcome {
    ACCEPTED,
    REFUSED,
    FAILED
  }

  private final Map<String, Counter> counters = new HashMap<>();

  public UploadOutcomes(MeterRegistry meters) {
    for (Route route : Route.values()) {
      for (Outcome outcome : Outcome.values()) {
        counters.put(
            key(route, outcome),
            Counter.builder(METRIC)
                .description("Upload requests by route and outcome (the upload SLO)")
                .tag("route", label(route))
                .tag("outcome", label(outcome))
                .register(meters));
      }
    }
  }

  /** The upload route of a request, null for any other. */
  static Route route(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String method = request.getMethod();
    if ("POST".equals(method) && path.equals("/api/videos")) {
      return Route.MULTIPART;
    }
    if ("POST".equals(method) && path.equals("/api/videos/import")) {
      return Route.IMPORT;
    }
    if (("POST".equals(method) && path.equals("/api/uploads"))
        || ("PATCH".equals(method)
            && path.startsWith("/api/uploads/")
            && path.indexOf('/', "/api/uploads/".length()) < 0)) {
      return Route.RESUMABLE;
    }
    return null;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return route(request) == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Route route = route(request);
    boolean escaped = true;
    try {
      chain.doFilter(request, response);
      escaped = false;
    } finally {
      int status = response.getStatus();
      Outcome outcome =
          escaped || status >= 500
              ? Outcome.FAILED
              : status >= 400 ? Outcome.REFUSED : Outcome.ACCEPTED;
      counters.get(key(route, outcome)).increment();
    }
  }

  private static String key(Route route, Outcome outcome) {
    return route + "/" + outcome;
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT);
  }
}
