package dev.frameflow.operator.podapi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks the API server who a pod's projected token belongs to (a {@code TokenReview}, the one
 * request a pod's start costs the API server here). Only a token issued for the operator's audience
 * and bound to a pod passes: a token for the API server's own audience, an expired one, one whose
 * pod is gone, or a legacy ServiceAccount Secret's token (bound to no pod) does not.
 *
 * <p>An accepted token is remembered for {@link #REMEMBERED} (by its SHA-256, never the token
 * itself): a pod that asks again, or hammers the endpoint, costs the API server nothing more. What
 * the pod may touch is decided afresh on each request ({@link PodAccessDecisions} finds the pod
 * gone once it is deleted).
 *
 * <p>A refused token is remembered too, for {@code refusedFor} (30 s by default; by its SHA-256, at
 * most {@link #MAX_REMEMBERED} of them, the oldest forgotten first): a pod that repeats a bad token
 * costs the API server one TokenReview per that time, not one per request. A token made up anew for
 * each request still costs one each; the endpoint's per-caller rate bounds those. A TokenReview
 * that fails (the API server cannot answer) is remembered neither way.
 */
public class PodTokenReview {

  static final Duration REMEMBERED = Duration.ofMinutes(1);
  private static final int MAX_REMEMBERED = 10_000;

  private record Accepted(PodIdentity who, Instant until) {}

  private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
  private final Cache<String, Boolean> refused;
  private final Clock clock;

  /** How long a refused token is remembered by default. */
  public static final Duration REFUSED_FOR = Duration.ofSeconds(30);

  static final String POD_NAME = "authentication.kubernetes.io/pod-name";
  static final String POD_UID = "authentication.kubernetes.io/pod-uid";
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  private final KubernetesClient client;
  private final String audience;

  public PodTokenReview(KubernetesClient client, String audience) {
    this(client, audience, REFUSED_FOR, Clock.systemUTC());
  }

  public PodTokenReview(KubernetesClient client, String audience, Duration refusedFor) {
    this(client, audience, refusedFor, Clock.systemUTC());
  }

  PodTokenReview(KubernetesClient client, String audience, Duration refusedFor, Clock clock) {
    this.client = client;
    this.audience = audience;
    this.clock = clock;
    this.refused =
        Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED)
            .expireAfterWrite(refusedFor)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  public String audience() {
    return audience;
  }

  /**
   * The pod the token was issued to; empty when the API server does not accept it for the
   * operator's audience or it names no pod.
   *
   * @throws KubernetesClientException when the API server cannot answer (try again later)
   */
  public Optional<PodIdentity> review(String token) {
    String key = sha256(token);
    Instant now = clock.instant();
    Accepted known = accepted.get(key);
    if (known != null && now.isBefore(known.until())) {
      return Optional.of(known.who());
    }
    if (refused.getIfPresent(key) != null) {
      return Optional.empty();
    }
    Optional<PodIdentity> who = ask(token);
    if (who.isEmpty()) {
      refused.put(key, Boolean.TRUE);
    } else {
      if (accepted.size() >= MAX_REMEMBERED) {
        accepted.values().removeIf(a -> !now.isBefore(a.until()));
        if (accepted.size() >= MAX_REMEMBERED) {
          accepted.clear();
        }
      }
      accepted.put(key, new Accepted(who.get(), now.plus(REMEMBERED)));
    }
    return who;
  }

  private Optional<PodIdentity> ask(String token) {
    TokenReview review =
        client
            .resource(
                new TokenReviewBuilder()
                    .withNewSpec()
                    .withToken(token)
                    .withAudiences(audience)
                    .endSpec()
                    .build())
            .create();
    TokenReviewStatus status = review == null ? null : review.getStatus();
    if (status == null
        || !Boolean.TRUE.equals(status.getAuthenticated())
        || status.getAudiences() == null
        || !status.getAudiences().contains(audience)
        || status.getUser() == null) {
      return Optional.empty();
    }
    UserInfo user = status.getUser();
    String username = user.getUsername();
    if (username == null || !username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return Optional.empty();
    }
    String[] namespaceAndName = username.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":");
    String podName = single(user.getExtra(), POD_NAME);
    String podUid = single(user.getExtra(), POD_UID);
    if (namespaceAndName.length != 2 || podName == null || podUid == null) {
      return Optional.empty();
    }
    return Optional.of(new PodIdentity(namespaceAndName[0], podName, podUid, namespaceAndName[1]));
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String single(Map<String, List<String>> extra, String key) {
    List<String> values = extra == null ? null : extra.get(key);
    return values != null && values.size() == 1 && !values.get(0).isBlank() ? values.get(0) : null;
  }
}
