package dev.frameflow.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode (with expectations possible on top, for the few calls CRUD
 * mode cannot answer), issuing and reviewing ServiceAccount tokens ({@link TokenAuthority}), and a
 * client for it in namespace {@value #NAMESPACE}. Remember: no garbage collector, no Job controller
 * (see {@link TestKubelet}), no admission or CRD validation.
 */
public final class MockKubernetes implements AutoCloseable {

  public static final String NAMESPACE = "frameflow-test";

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final TokenAuthority tokens;

  private MockKubernetes(KubernetesMockServer server, TokenAuthority tokens) {
    this.server = server;
    this.tokens = tokens;
    this.client = server.createClient().inNamespace(NAMESPACE);
  }

  public static MockKubernetes start() {
    return start(0);
  }

  /** On a given port (0: any free one), e.g. to bring the API back where a client expects it. */
  public static MockKubernetes start(int port) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    TokenAuthority tokens = new TokenAuthority(responses);
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, tokens, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    return new MockKubernetes(server, tokens);
  }

  /** TokenReviews answered so far (each costs the API server one request). */
  public int tokenReviews() {
    return tokens.reviews();
  }

  public KubernetesMockServer server() {
    return server;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Another client of the same server (e.g. for a second operator, or one that gets closed). */
  public KubernetesClient newClient() {
    return server.createClient().inNamespace(NAMESPACE);
  }

  public String namespace() {
    return NAMESPACE;
  }

  public int port() {
    return server.getPort();
  }

  /**
   * A client with the operator ServiceAccount's token: the API server allows it only what the
   * operator's Role and ClusterRole grant. The caller closes it.
   */
  public KubernetesClient operatorClient() {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(
            new io.fabric8.kubernetes.client.ConfigBuilder(server.createClient().getConfiguration())
                .withOauthToken(TokenAuthority.OPERATOR_TOKEN)
                .withNamespace(NAMESPACE)
                .build())
        .build();
  }

  /** The token a Spring-started operator sends (system property {@code kubernetes.auth.token}). */
  public static String operatorToken() {
    return TokenAuthority.OPERATOR_TOKEN;
  }

  /** Requests refused to the operator (RBAC) or to pods so far. */
  public List<String> refused() {
    return tokens.refused();
  }

  /** Fails when the operator or a pod made a request that Kubernetes would have refused. */
  @Override
  public void close() {
    client.close();
    server.destroy();
    List<String> refused = tokens.refused();
    if (!refused.isEmpty()) {
      throw new AssertionError(
          "requests the API server refuses (the operator's RBAC: kustomize/base/operator/rbac.yaml):\n  "
              + String.join("\n  ", refused));
    }
  }
}
