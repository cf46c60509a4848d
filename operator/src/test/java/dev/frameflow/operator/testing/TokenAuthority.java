package dev.frameflow.operator.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.testing.conformance.ConformanceLog;
import dev.frameflow.testing.conformance.CurrentTest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the API server's ServiceAccount token issuer and authenticator, which fabric8's mock server
 * does not have, on top of its CRUD store (and expectations):
 *
 * <ul>
 *   <li>{@code TokenRequest} ({@code POST .../serviceaccounts/<sa>/token}), as the kubelet asks for
 *       a pod's projected token: a random token for the audiences asked, bound to the pod named in
 *       {@code boundObjectRef}, expiring after {@code expirationSeconds};
 *   <li>{@code TokenReview} ({@code POST /apis/authentication.k8s.io/v1/tokenreviews}): accepted
 *       when the token was issued here, has not expired, was issued for one of the audiences the
 *       review asks for, and its pod still exists with the same uid; the user is {@code
 *       system:serviceaccount:<ns>:<sa>} with the pod's name and uid in {@code extra}, as
 *       Kubernetes says it.
 * </ul>
 *
 * It answers a {@code SelfSubjectRulesReview} with the caller's rules, as the API server does.
 * Unlike Kubernetes, the ServiceAccount need not exist (the mock store holds none).
 *
 * <p>It also authorizes as the API server does: requests with the operator's token ({@link
 * #OPERATOR_TOKEN}) are checked against the operator's RBAC as the deployment renders it ({@link
 * OperatorRbac}) and refused with 403 when it does not allow them; a pod's token gets 401. Each is
 * recorded for {@code scripts/check-conformance}, and {@link MockKubernetes#close()} fails the test
 * that saw a refusal.
 */
final class TokenAuthority extends KubernetesMixedDispatcher {

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final Pattern TOKEN_REQUEST =
      Pattern.compile("/api/v1/namespaces/([^/]+)/serviceaccounts/([^/?]+)/token(\\?.*)?");
  private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final String SELF_SUBJECT_RULES_REVIEWS =
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Issued(
      String namespace,
      String serviceAccount,
      List<String> audiences,
      String podName,
      String podUid,
      Instant expires) {}

  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final AtomicInteger reviews = new AtomicInteger();

  TokenAuthority(Map<ServerRequest, Queue<ServerResponse>> responses) {
    super(responses);
  }

  /** How many TokenReviews were asked for (the access endpoint's cost on the API server). */
  int reviews() {
    return reviews.get();
  }

  /** The bearer token of the operator's ServiceAccount (what its pod's client sends). */
  static final String OPERATOR_TOKEN = "operator-serviceaccount-token";

  private final OperatorRbac rbac = OperatorRbac.fromDeployment();
  private final ConformanceLog requests = ConformanceLog.of("k8s-requests");
  private final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Requests the API server refused to the operator or to a pod, each with the test that made it.
   */
  List<String> refused() {
    return List.copyOf(refused);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse refusal = authorize(request);
    return refusal != null ? refusal : serve(request);
  }

  /**
   * As the API server's authenticator and RBAC authorizer would: the operator's token gets what its
   * Role and ClusterRole allow; a pod's projected token (its audience is the operator's, not the
   * API server's) gets 401; the tests' own client, with no token, plays a cluster admin.
   */
  private MockResponse authorize(RecordedRequest request) {
    String authorization = request.getHeader("Authorization");
    String token =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring("Bearer ".length())
            : null;
    ApiRequest asked = ApiRequest.of(request.getMethod(), request.getPath());
    if (token != null && issued.containsKey(token)) {
      String call = "an extraction pod: " + asked;
      refused.add(call + " (" + CurrentTest.name() + ")");
      requests.write(record("extractor-pod", asked, false));
      return new MockResponse()
          .setResponseCode(401)
          .setHeader("Content-Type", "application/json")
          .setBody(status(401, "Unauthorized", "Unauthorized"));
    }
    if (!OPERATOR_TOKEN.equals(token)) {
      return null;
    }
    boolean allowed = rbac.allows(asked, MockKubernetes.NAMESPACE);
    requests.write(record("operator", asked, allowed));
    if (allowed) {
      return null;
    }
    String user =
        "system:serviceaccount:" + MockKubernetes.NAMESPACE + ":" + OperatorRbac.SERVICE_ACCOUNT;
    String message =
        asked.resource()
            + (asked.group().isEmpty() ? "" : "." + asked.group())
            + " is forbidden: User \""
            + user
            + "\" cannot "
            + asked.verb()
            + " resource \""
            + asked.qualifiedResource()
            + "\" in API group \""
            + asked.group()
            + "\""
            + (asked.namespace() == null
                ? " at the cluster scope"
                : " in the namespace \"" + asked.namespace() + "\"");
    refused.add("the operator: " + asked + " (" + CurrentTest.name() + ")");
    return new MockResponse()
        .setResponseCode(403)
        .setHeader("Content-Type", "application/json")
        .setBody(status(403, "Forbidden", message));
  }

  private static java.util.Map<String, Object> record(
      String principal, ApiRequest asked, boolean allowed) {
    return ConformanceLog.record(
        "principal", principal,
        "verb", asked.verb(),
        "group", asked.group(),
        "resource", asked.resource(),
        "subresource", asked.subresource(),
        "namespace", asked.namespace(),
        "allowed", allowed);
  }

  private static String status(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\""
        + new String(JsonStringEncoder.getInstance().quoteAsString(message))
        + "\",\"reason\":\""
        + reason
        + "\",\"code\":"
        + code
        + "}";
  }

  private MockResponse serve(RecordedRequest request) {
    try {
      String path = request.getPath();
      if ("POST".equals(request.getMethod())) {
        Matcher tokenRequest = TOKEN_REQUEST.matcher(path);
        if (tokenRequest.matches()) {
          return issue(tokenRequest.group(1), tokenRequest.group(2), request);
        }
        if (path.startsWith(TOKEN_REVIEWS)) {
          reviews.incrementAndGet();
          return review(request);
        }
        if (path.startsWith(SELF_SUBJECT_RULES_REVIEWS)) {
          return rulesReview(request);
        }
      }
    } catch (Exception e) {
      return new MockResponse().setResponseCode(500).setBody(e.toString());
    }
    try {
      return super.dispatch(request);
    } catch (JsonPatchException e) {
      return unprocessablePatch(e);
    }
  }

  /**
   * A JSON Patch that does not apply to the stored object (it removes or moves a field that is no
   * longer there: the client diffed against a stale copy) is answered as kube-apiserver answers it,
   * at once with 422. The CRUD dispatcher throws instead, on the server's event loop, and the
   * client waits for its request timeout and retries for minutes: a stall production never has.
   */
  private static MockResponse unprocessablePatch(JsonPatchException e) {
    return new MockResponse()
        .setResponseCode(422)
        .setHeader("Content-Type", "application/json")
        .setBody(status(422, "Invalid", e.getMessage()));
  }

  /**
   * What the API server answers a SelfSubjectRulesReview with (JOSDK asks one before it runs for
   * the Lease): the rules the caller has in the namespace asked about. The operator's token gets
   * its rendered Role, ClusterRole and {@code system:basic-user}; the tests' own client (an admin)
   * everything.
   */
  private MockResponse rulesReview(RecordedRequest request) throws Exception {
    SelfSubjectRulesReview review =
        JSON.readValue(request.getUtf8Body(), SelfSubjectRulesReview.class);
    String authorization = request.getHeader("Authorization");
    List<PolicyRule> rules =
        ("Bearer " + OPERATOR_TOKEN).equals(authorization)
            ? rbac.rulesIn(review.getSpec().getNamespace(), MockKubernetes.NAMESPACE)
            : List.of(
                new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
                    .withApiGroups("*")
                    .withResources("*")
                    .withVerbs("*")
                    .build());
    List<ResourceRule> resourceRules =
        rules.stream()
            .map(
                rule ->
                    new ResourceRuleBuilder()
                        .withApiGroups(rule.getApiGroups())
                        .withResources(rule.getResources())
                        .withResourceNames(rule.getResourceNames())
                        .withVerbs(rule.getVerbs())
                        .build())
            .toList();
    review.setStatus(
        new SubjectRulesReviewStatusBuilder()
            .withIncomplete(false)
            .withResourceRules(resourceRules)
            .build());
    return json(201, review);
  }

  private MockResponse issue(String namespace, String serviceAccount, RecordedRequest request)
      throws Exception {
    TokenRequest asked = JSON.readValue(request.getUtf8Body(), TokenRequest.class);
    var bound = asked.getSpec().getBoundObjectRef();
    if (bound == null || !"Pod".equals(bound.getKind()) || bound.getUid() == null) {
      return new MockResponse().setResponseCode(400).setBody("only pod-bound tokens here");
    }
    long seconds =
        asked.getSpec().getExpirationSeconds() == null
            ? 3600
            : asked.getSpec().getExpirationSeconds();
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant expires = Instant.now().plusSeconds(seconds);
    issued.put(
        token,
        new Issued(
            namespace,
            serviceAccount,
            List.copyOf(asked.getSpec().getAudiences()),
            bound.getName(),
            bound.getUid(),
            expires));
    asked.setStatus(
        new io.fabric8.kubernetes.api.model.authentication.TokenRequestStatus(
            expires.toString(), token));
    return json(201, asked);
  }

  private MockResponse review(RecordedRequest request) throws Exception {
    TokenReview review = JSON.readValue(request.getUtf8Body(), TokenReview.class);
    Issued token = issued.get(review.getSpec().getToken());
    List<String> asked = review.getSpec().getAudiences();
    List<String> matching = new ArrayList<>();
    if (token != null) {
      for (String audience :
          asked == null || asked.isEmpty() ? List.of("https://kubernetes.default.svc") : asked) {
        if (token.audiences().contains(audience)) {
          matching.add(audience);
        }
      }
    }
    if (token == null
        || Instant.now().isAfter(token.expires())
        || matching.isEmpty()
        || !podExists(token)) {
      review.setStatus(
          new TokenReviewStatusBuilder()
              .withAuthenticated(false)
              .withError("invalid bearer token")
              .build());
      return json(201, review);
    }
    review.setStatus(
        new TokenReviewStatusBuilder()
            .withAuthenticated(true)
            .withAudiences(matching)
            .withNewUser()
            .withUsername(
                "system:serviceaccount:" + token.namespace() + ":" + token.serviceAccount())
            .withGroups(
                "system:serviceaccounts",
                "system:serviceaccounts:" + token.namespace(),
                "system:authenticated")
            .withExtra(
                Map.of(
                    "authentication.kubernetes.io/pod-name", List.of(token.podName()),
                    "authentication.kubernetes.io/pod-uid", List.of(token.podUid())))
            .endUser()
            .build());
    return json(201, review);
  }

  /** A bound token dies with its pod: the pod must still exist, with the uid it was bound to. */
  private boolean podExists(Issued token) throws Exception {
    MockResponse stored =
        super.dispatch(
            new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.GET,
                "/api/v1/namespaces/" + token.namespace() + "/pods/" + token.podName(),
                Headers.builder().build(),
                new Buffer()));
    if (stored.code() != 200) {
      return false;
    }
    Pod pod = JSON.readValue(stored.getBody().readUtf8(), Pod.class);
    return token.podUid().equals(pod.getMetadata().getUid());
  }

  private static MockResponse json(int code, Object body) throws Exception {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(JSON.writeValueAsString(body));
  }
}
