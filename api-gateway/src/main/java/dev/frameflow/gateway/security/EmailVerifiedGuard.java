package dev.frameflow.gateway.security;

import dev.frameflow.gateway.problem.ProblemJsonWriter;
import dev.frameflow.gateway.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What an account whose address is not confirmed may not do: upload (form, import, resumable),
 * create API keys, register webhooks or send their test events; 403 {@code email-not-verified}. It
 * may sign in, read its account, its (empty) lists and delete what it has: an address someone else
 * registered first gives them nothing that costs us or reaches a third party until they prove they
 * read its mail.
 */
class EmailVerifiedGuard extends OncePerRequestFilter {

  private static final Set<String> READS_AND_DELETES = Set.of("GET", "HEAD", "OPTIONS", "DELETE");

  private final ProblemJsonWriter problems;

  EmailVerifiedGuard(ProblemJsonWriter problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null
        && authentication.isAuthenticated()
        && needsVerifiedAddress(request)
        && authentication.getAuthorities().stream()
            .noneMatch(a -> BearerTokenFilter.EMAIL_VERIFIED.equals(a.getAuthority()))) {
      problems.write(
          response,
          ProblemType.EMAIL_NOT_VERIFIED,
          "confirm the address with the link mailed to it first");
      return;
    }
    chain.doFilter(request, response);
  }

  static boolean needsVerifiedAddress(HttpServletRequest request) {
    if (READS_AND_DELETES.contains(request.getMethod())) {
      return false;
    }
    String path = request.getRequestURI();
    return path.equals("/api/videos")
        || path.startsWith("/api/videos/")
        || path.equals("/api/uploads")
        || path.startsWith("/api/uploads/")
        || path.equals("/api/keys")
        || path.startsWith("/api/keys/")
        || path.equals("/api/webhooks")
        || path.startsWith("/api/webhooks/");
  }
}
