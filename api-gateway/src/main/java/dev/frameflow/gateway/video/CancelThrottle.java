package dev.frameflow.gateway.video;

import dev.frameflow.gateway.auth.RateLimiter;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * At most {@link CancelProperties#maxPerUser()} cancels per user per window, counted in PostgreSQL
 * ({@link RateLimiter}) before the cancel does anything: beyond, 429 {@code too-many-cancels} with
 * {@code Retry-After} (when the window ends).
 */
@Component
public class CancelThrottle {

  private final RateLimiter limiter;
  private final CancelProperties properties;

  public CancelThrottle(RateLimiter limiter, CancelProperties properties) {
    this.limiter = limiter;
    this.properties = properties;
  }

  public void count(UUID userId) {
    limiter
        .tryAcquire("video-cancel:" + userId, properties.maxPerUser(), properties.window())
        .ifPresent(
            wait -> {
              throw ApiProblem.of(
                  ProblemType.CANCELS_THROTTLED,
                  "at most "
                      + properties.maxPerUser()
                      + " cancels per "
                      + properties.window().toString().substring(2).toLowerCase()
                      + "; try again later",
                  wait);
            });
  }
}
