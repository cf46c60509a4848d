package dev.frameflow.gateway.security;

import dev.frameflow.gateway.apikey.ApiKeyScope;
import dev.frameflow.gateway.apikey.ApiKeys;
import dev.frameflow.gateway.auth.AccountStanding;
import dev.frameflow.gateway.auth.TokenService;
import dev.frameflow.gateway.frames.FrameLinks;
import dev.frameflow.gateway.problem.ProblemJsonWriter;
import dev.frameflow.gateway.problem.ProblemType;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Stateless bearer-token security. Open: register, login, refresh, logout, verify, password reset,
 * JWKS, health probes, the Prometheus scrape, the API docs (which the prod profile turns off), the
 * web page's static files, the browser-session endpoints (cookie plus Origin check), signed
 * download links and signed frame URLs (each checks its own signature); everything else needs a
 * valid access token or API key of an existing account (401 problem JSON otherwise), an API key's
 * scope must cover the request (403 {@code insufficient-scope}), and uploads and new credentials
 * need a confirmed address (403 {@code email-not-verified}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(
      HttpSecurity http,
      TokenService tokens,
      ApiKeys apiKeys,
      AccountStanding accounts,
      ProblemJsonWriter problems)
      throws Exception {
    http.csrf(csrf -> csrf.disable())
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(
            new BearerTokenFilter(tokens, apiKeys, accounts), AnonymousAuthenticationFilter.class)
        .addFilterAfter(new EmailVerifiedGuard(problems), BearerTokenFilter.class)
        .authorizeHttpRequests(auth -> scopedRoutes(publicRoutes(auth)))
        .exceptionHandling(
            ex ->
                ex.authenticationEntryPoint(
                        (request, response, e) -> {
                          response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                          problems.write(
                              response,
                              HttpStatus.UNAUTHORIZED,
                              "Unauthorized",
                              "a valid access token is required");
                        })
                    .accessDeniedHandler(
                        (request, response, e) ->
                            problems.write(
                                response,
                                ProblemType.INSUFFICIENT_SCOPE,
                                "this credential's scope does not allow this request")));
    return http.build();
  }

  /** A GET of a frame or an animated preview that presents a signed link. */
  private static final RequestMatcher SIGNED_FRAME_REQUESTS =
      new AndRequestMatcher(
          new OrRequestMatcher(
              PathPatternRequestMatcher.withDefaults()
                  .matcher(HttpMethod.GET, "/api/videos/*/frame.*"),
              PathPatternRequestMatcher.withDefaults()
                  .matcher(HttpMethod.GET, "/api/videos/*/animated.*")),
          FrameLinks::isSigned);

  /** What anyone may call: sign-up and sign-in, the page, signed links, health and API docs. */
  private static AuthorizeHttpRequestsConfigurer<HttpSecurity>
          .AuthorizationManagerRequestMatcherRegistry
      publicRoutes(
          AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry
              auth) {
    // a stream's async dispatch was authorised when the request came in
    return auth.dispatcherTypeMatchers(DispatcherType.ASYNC)
        .permitAll()
        .requestMatchers(
            "/api/auth/register",
            "/api/auth/login",
            "/api/auth/refresh",
            "/api/auth/logout",
            "/api/auth/verify",
            "/api/auth/password-reset",
            "/api/auth/password-reset/confirm")
        .permitAll() // any method, so a wrong one answers 405, not 401
        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json", "/api/auth/jwks")
        .permitAll()
        // the web page and its assets; its data still needs a token
        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/app/**", "/favicon.svg")
        .permitAll()
        // the browser session checks its cookie and the Origin itself (session package)
        .requestMatchers("/api/session", "/api/session/refresh")
        .permitAll()
        // emailed links carry their own signature (links package)
        .requestMatchers(HttpMethod.GET, "/api/videos/*/download/signed")
        .permitAll()
        // signed frame URLs: let in only to have their signature checked (frames package); an
        // unsigned frame request needs a token like any other read
        .requestMatchers(SIGNED_FRAME_REQUESTS)
        .permitAll()
        // tus discovery: what the server supports, nothing about anyone's uploads
        .requestMatchers(HttpMethod.OPTIONS, "/api/uploads", "/api/uploads/*")
        .permitAll()
        .requestMatchers(
            "/actuator/health",
            "/actuator/health/**",
            "/actuator/prometheus",
            "/v3/api-docs",
            "/v3/api-docs/**",
            "/swagger-ui.html",
            "/swagger-ui/**",
            "/error")
        .permitAll();
  }

  /** What a credential's scope allows: API keys carry read or upload; account matters need more. */
  private static AuthorizeHttpRequestsConfigurer<HttpSecurity>
          .AuthorizationManagerRequestMatcherRegistry
      scopedRoutes(
          AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry
              auth) {
    return auth
        // a signed frame link is a read: a read key may make one
        .requestMatchers(HttpMethod.POST, "/api/videos/*/frame-links")
        .hasAuthority(ApiKeyScope.READ_AUTHORITY)
        .requestMatchers(
            "/api/keys",
            "/api/keys/**",
            "/api/webhooks",
            "/api/webhooks/**",
            "/api/account",
            "/api/account/**")
        .hasAuthority(ApiKeyScope.ACCOUNT_AUTHORITY)
        // uploads, imports and resumable uploads
        .requestMatchers(HttpMethod.POST, "/api/videos", "/api/videos/**")
        .hasAuthority(ApiKeyScope.UPLOAD_AUTHORITY)
        .requestMatchers("/api/uploads", "/api/uploads/**")
        .hasAuthority(ApiKeyScope.UPLOAD_AUTHORITY)
        .requestMatchers(HttpMethod.DELETE, "/api/videos/**")
        .hasAuthority(ApiKeyScope.UPLOAD_AUTHORITY)
        .requestMatchers(HttpMethod.GET, "/api/videos", "/api/videos/**")
        .hasAuthority(ApiKeyScope.READ_AUTHORITY)
        .requestMatchers(HttpMethod.GET, "/api/notifications", "/api/notifications/**")
        .hasAuthority(ApiKeyScope.READ_AUTHORITY)
        .anyRequest()
        .authenticated();
  }
}
