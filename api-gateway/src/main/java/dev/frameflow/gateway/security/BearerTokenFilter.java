package dev.frameflow.gateway.security;

import dev.frameflow.gateway.apikey.ApiKeyScope;
import dev.frameflow.gateway.apikey.ApiKeys;
import dev.frameflow.gateway.auth.AccountStanding;
import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.auth.TokenService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
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
 * every scope; an API key ({@code ffk_…}) authenticates its owner with the key's scope only. Either
 * speaks only for an account that still exists, and an access token only while its generation is
 * the account's current one (a sign-out everywhere or a password change raises it). A verified
 * address adds {@link #EMAIL_VERIFIED}. Anything else leaves the request anonymous, and the
 * security rules then answer 401.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

  static final List<String> USER_AUTHORITIES =
      List.of(
          ApiKeyScope.READ_AUTHORITY, ApiKeyScope.UPLOAD_AUTHORITY, ApiKeyScope.ACCOUNT_AUTHORITY);

  /** The authority of a user whose address is confirmed ({@link EmailVerifiedGuard}). */
  static final String EMAIL_VERIFIED = "EMAIL_VERIFIED";

  private final TokenService tokens;
  private final ApiKeys apiKeys;
  private final AccountStanding accounts;

  public BearerTokenFilter(TokenService tokens, ApiKeys apiKeys, AccountStanding accounts) {
    this.tokens = tokens;
    this.apiKeys = apiKeys;
    this.accounts = accounts;
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
            .ifPresent(
                holder ->
                    accounts
                        .of(holder.userId())
                        .ifPresent(
                            standing ->
                                authenticate(
                                    holder.userId(), holder.scope().authorities(), standing)));
      } else {
        Optional<TokenService.Verified> token = tokens.verifyWithGeneration(credential);
        token.ifPresent(
            verified ->
                accounts
                    .of(verified.userId())
                    .filter(standing -> standing.tokenGeneration() == verified.generation())
                    .ifPresent(
                        standing -> authenticate(verified.userId(), USER_AUTHORITIES, standing)));
      }
    }
    chain.doFilter(request, response);
  }

  private static void authenticate(
      UUID userId, List<String> scopeAuthorities, AccountStanding.Standing standing) {
    List<String> authorities = new ArrayList<>(scopeAuthorities);
    if (standing.emailVerified()) {
      authorities.add(EMAIL_VERIFIED);
    }
    var authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            new CurrentUser(userId),
            null,
            AuthorityUtils.createAuthorityList(authorities.toArray(String[]::new)));
    SecurityContextHolder.getContext().setAuthentication(authentication);
  }
}
