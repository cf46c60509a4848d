package dev.frameflow.gateway.security;

import dev.frameflow.gateway.problem.ProblemJsonWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies everywhere except the video upload (which enforces its own per-file limit
 * while streaming): a declared length over the cap answers 413 at once; an undeclared (chunked)
 * body is cut at the cap, which the JSON reader then reports as a 400.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class JsonBodyLimitFilter extends OncePerRequestFilter {

  static final long MAX_BYTES = 64 * 1024;

  private final ProblemJsonWriter problems;

  public JsonBodyLimitFilter(ProblemJsonWriter problems) {
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return ("POST".equals(request.getMethod()) && "/api/videos".equals(request.getRequestURI()))
        // tus PATCH bodies (resumable uploads) are video bytes, streamed and bounded there
        || request.getRequestURI().startsWith("/api/uploads/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > MAX_BYTES) {
      problems.write(
          response,
          HttpStatus.CONTENT_TOO_LARGE,
          "Content too large",
          "the request body must not exceed " + MAX_BYTES + " bytes");
      return;
    }
    chain.doFilter(new CappedRequest(request), response);
  }

  private static final class CappedRequest extends HttpServletRequestWrapper {
    private ServletInputStream capped;

    CappedRequest(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (capped == null) {
        capped = new CappedInputStream(super.getInputStream());
      }
      return capped;
    }
  }

  private static final class CappedInputStream extends ServletInputStream {
    private final ServletInputStream in;
    private long read;

    CappedInputStream(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > MAX_BYTES) {
        throw new IOException("request body exceeds " + MAX_BYTES + " bytes");
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
