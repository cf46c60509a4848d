package dev.frameflow.gateway.page;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers of the web page (static files under {@code static/}): a Content-Security-Policy that lets
 * only our own scripts, styles and API run (no inline script, nothing from elsewhere, no framing),
 * and {@code no-cache} so a new version is picked up at once (the files are small and revalidate
 * with their ETag).
 */
@Component
public class PageHeaders extends OncePerRequestFilter {

  static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !(path.equals("/")
        || path.equals("/index.html")
        || path.startsWith("/app/")
        || path.equals("/favicon.svg"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Content-Security-Policy", POLICY);
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("Cache-Control", "no-cache");
    chain.doFilter(request, response);
  }
}
