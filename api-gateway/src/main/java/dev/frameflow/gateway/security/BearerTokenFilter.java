package dev.frameflow.gateway.security;

import dev.frameflow.gateway.apikey.ApiKeyScope;
import dev.frameflow.gateway.apikey.ApiKeys;
import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.auth.TokenService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer …}: an access token (JWT) authenticates a signed-in user with
 * every scope; an API key ({@code ffk_…}) authenticates its owner with the key's scope only.
 * Anything else leaves the request anonymous, and the security rules then answer 401.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

  static final List<String> USER_AUTHORITIES =
      List.of(
          ApiKeyScope.READ_AUTHORITY, ApiKeyScope.UPLOAD_AUTHORITY, ApiKeyScope.ACCOUNT_AUTHORITY);

  private final TokenService tokens;
  private final ApiKeys apiKeys;

  public BearerTokenFilter(TokenService tokens, ApiKeys apiKeys) {
    this.tokens = tokens;
    this.apiKeys = apiKeys;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String credential = header.substring(7).strip();
      if (credential.startsWith(ApiKeys.PREFIX)) {
        apiKeys
            .authenticate(credential)
            .ifPresent(holder -> authenticate(holder.userId(), holder.scope().authorities()));
      } else {
        Optional<UUID> userId = tokens.verify(credential);
        userId.ifPresent(id -> authenticate(id, USER_AUTHORITIES));
      }
    }
    chain.doFilter(request, response);
  }

  private static void authenticate(UUID userId, List<String> authorities) {
    var authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            new CurrentUser(userId),
            null,
            AuthorityUtils.createAuthorityList(authorities.toArray(String[]::new)));
    SecurityContextHolder.getContext().setAuthentication(authentication);
  }
}
