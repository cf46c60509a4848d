package dev.frameflow.gateway.security;

import dev.frameflow.gateway.auth.BearerTokenFilter;
import dev.frameflow.gateway.auth.TokenService;
import dev.frameflow.gateway.problem.ProblemJsonWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Stateless bearer-token security. Open: register, login, JWKS, health probes, the Prometheus
 * scrape and the API docs; everything else needs a valid access token (401 problem JSON otherwise).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http, TokenService tokens, ProblemJsonWriter problems)
      throws Exception {
    http.csrf(csrf -> csrf.disable())
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers(HttpMethod.POST, "/api/auth/register", "/api/auth/login")
                    .permitAll()
                    .requestMatchers("/api/auth/register", "/api/auth/login")
                    .permitAll() // so a wrong method answers 405, not 401
                    .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json", "/api/auth/jwks")
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
                    .permitAll()
                    .anyRequest()
                    .authenticated())
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
                                response, HttpStatus.FORBIDDEN, "Forbidden", "access denied")));
    return http.build();
  }
}
