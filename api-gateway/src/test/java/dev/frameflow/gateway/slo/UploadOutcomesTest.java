package dev.frameflow.gateway.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The upload SLO's counter: which requests are uploads, and how each one ended. */
class UploadOutcomesTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final UploadOutcomes filter = new UploadOutcomes(meters);

  @Test
  void eachUploadRouteCountsItsAnswerAsAcceptedRefusedOrFailed() throws Exception {
    answer("POST", "/api/videos", 202);
    answer("POST", "/api/videos", 413);
    answer("POST", "/api/videos", 503);
    answer("POST", "/api/videos/import", 202);
    answer("POST", "/api/uploads", 201);
    answer("PATCH", "/api/uploads/6f1c2a9e", 204);
    answer("PATCH", "/api/uploads/6f1c2a9e", 500);

    assertThat(count("multipart", "accepted")).isEqualTo(1);
    assertThat(count("multipart", "refused")).isEqualTo(1);
    assertThat(count("multipart", "failed")).isEqualTo(1);
    assertThat(count("import", "accepted")).isEqualTo(1);
    assertThat(count("resumable", "accepted")).isEqualTo(2);
    assertThat(count("resumable", "failed")).isEqualTo(1);
  }

  @Test
  void anExceptionThatEscapesIsAFailureAndIsRethrown() {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/videos");
    FilterChain chain =
        (req, res) -> {
          throw new ServletException("storage unreachable");
        };

    assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), chain))
        .hasMessage("storage unreachable");
    assertThat(count("multipart", "failed")).isEqualTo(1);
  }

  @Test
  void otherRequestsAreNotUploads() throws Exception {
    answer("GET", "/api/videos", 500);
    answer("POST", "/api/videos/import/extra", 500);
    answer("HEAD", "/api/uploads/6f1c2a9e", 500);
    answer("DELETE", "/api/uploads/6f1c2a9e", 500);
    answer("PATCH", "/api/uploads/6f1c2a9e/more", 500);

    assertThat(meters.find(UploadOutcomes.METRIC).counters())
        .allSatisfy(c -> assertThat(c.count()).isZero());
    // every route and outcome exists from the start, at zero
    assertThat(meters.find(UploadOutcomes.METRIC).counters()).hasSize(9);
  }

  private void answer(String method, String path, int status) throws Exception {
    filter.doFilter(
        new MockHttpServletRequest(method, path),
        new MockHttpServletResponse(),
        (req, res) -> ((MockHttpServletResponse) res).setStatus(status));
  }

  private double count(String route, String outcome) {
    return meters
        .get(UploadOutcomes.METRIC)
        .tag("route", route)
        .tag("outcome", outcome)
        .counter()
        .count();
  }
}
