package dev.frameflow.operator.podapi;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.frameflow.contracts.access.AccessGrant;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Where an extractor pod gets its presigned URLs when it starts ({@link AccessGrant}): {@code GET
 * /access} with its projected ServiceAccount token as bearer token. The API server says which pod
 * the token belongs to ({@link PodTokenReview}), the operator's caches say what that pod may touch
 * ({@link PodAccessDecisions}), and the URLs are signed for it then. So no Secret holds URLs, an
 * index of an Indexed Job sees only its own part's, and creating a Job costs one API request.
 *
 * <p>Answers 200 with the grant, 401 (no token, or one the API server does not accept for the
 * operator's audience), 403 (a valid token of a pod that is not entitled), 405, and 503 when the
 * pod should ask again: this replica is not leading, a cache is behind, or the API server or the
 * object store failed. Neither tokens nor URLs are logged.
 */
public final class AccessEndpoint implements PodExchange.Route {

  private static final Logger log = LoggerFactory.getLogger(AccessEndpoint.class);
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();
  private static final int MAX_TOKEN = 16 * 1024;

  private final PodTokenReview reviews;
  private final PodAccessDecisions grants;
  private final Counter granted;
  private final Counter refused;
  private volatile PodAccessDecisions.Cluster cluster;

  public AccessEndpoint(PodTokenReview reviews, PodAccessDecisions grants, MeterRegistry meters) {
    this.reviews = reviews;
    this.grants = grants;
    this.granted = outcome(meters, "granted");
    this.refused = outcome(meters, "refused");
  }

  private static Counter outcome(MeterRegistry meters, String outcome) {
    return Counter.builder("frameflow.access.requests")
        .description("extractor pods asking for their presigned URLs, by answer")
        .tag("outcome", outcome)
        .register(meters);
  }

  /** Answers from these caches (once they exist: the replica leads); null: 503 again. */
  public void serve(PodAccessDecisions.Cluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public PodExchange.Answer handle(PodExchange exchange) {
    try {
      return respond(exchange);
    } catch (KubernetesClientException | SdkException e) {
      // the API server or the object store failed: the pod asks again
      log.warn("access request failed, the pod will ask again: {}", e.toString());
      return PodExchange.Answer.of(503);
    } catch (IOException | RuntimeException e) {
      log.warn("access request failed: {}", e.toString());
      return PodExchange.Answer.of(500);
    }
  }

  private PodExchange.Answer respond(PodExchange exchange) throws IOException {
    if (!"GET".equals(exchange.method())) {
      return PodExchange.Answer.of(405);
    }
    String token = bearer(exchange.authorization());
    if (token == null) {
      refused.increment();
      return PodExchange.Answer.of(401);
    }
    PodAccessDecisions.Cluster known = cluster;
    if (known == null) {
      return PodExchange.Answer.of(503);
    }
    Optional<PodIdentity> who = reviews.review(token);
    if (who.isEmpty()) {
      refused.increment();
      log.warn("access refused: a token the API server does not accept for this operator");
      return PodExchange.Answer.of(401);
    }
    PodAccessDecisions.Decision decision = grants.decide(who.get(), known);
    if (decision instanceof PodAccessDecisions.Granted grant) {
      granted.increment();
      log.info("granted pod {} {}", who.get(), grant.what());
      return new PodExchange.Answer(
          200,
          Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
          JSON.writeValueAsBytes(grant.grant()));
    }
    if (decision instanceof PodAccessDecisions.Refused no) {
      refused.increment();
      log.warn("access refused to pod {}: {}", who.get(), no.why());
      return PodExchange.Answer.of(403);
    }
    log.info(
        "access for pod {} not decidable yet: {}",
        who.get(),
        ((PodAccessDecisions.NotYet) decision).why());
    return PodExchange.Answer.of(503);
  }

  private static String bearer(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return null;
    }
    String token = header.substring("Bearer ".length()).trim();
    return token.isEmpty() || token.length() > MAX_TOKEN ? null : token;
  }
}
