package dev.frameflow.operator.config;

import dev.frameflow.contracts.access.AccessGrant;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.operator.access.*}: how extractor pods prove who they are when they ask for
 * their URLs.
 *
 * @param audience the audience of the pods' projected ServiceAccount token, which the operator's
 *     TokenReview requires; never the API server's own (then the token would open the API too)
 * @param refusedTokenTtl how long a token the API server refused is refused again without asking it
 *     (30 s; 10,000 such tokens at most)
 */
@ConfigurationProperties("frameflow.operator.access")
public record AccessProperties(
    @DefaultValue(AccessGrant.DEFAULT_AUDIENCE) String audience,
    @DefaultValue("30s") Duration refusedTokenTtl) {

  public AccessProperties {
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("frameflow.operator.access.audience must be set");
    }
    if (refusedTokenTtl == null || refusedTokenTtl.isNegative() || refusedTokenTtl.isZero()) {
      throw new IllegalArgumentException(
          "frameflow.operator.access.refused-token-ttl must be positive");
    }
  }
}
