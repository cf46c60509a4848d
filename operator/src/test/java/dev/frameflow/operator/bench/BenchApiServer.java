package dev.frameflow.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * The benchmark's API server: fabric8's CRUD mock server with either its stock store (scans every
 * stored object per request) or {@link IndexedCrudDispatcher} (finds a named object by key, as etcd
 * does), and a client in the test namespace.
 */
final class BenchApiServer implements AutoCloseable {

  static final String NAMESPACE = "frameflow-test";

  /** Which store the mock server keeps its objects in. */
  enum Store {
    STOCK,
    INDEXED
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private BenchApiServer(Store store) {
    KubernetesCrudDispatcher dispatcher =
        store == Store.INDEXED ? new IndexedCrudDispatcher() : new KubernetesCrudDispatcher();
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient().inNamespace(NAMESPACE);
  }

  static BenchApiServer start(Store store) {
    return new BenchApiServer(store);
  }

  KubernetesClient client() {
    return client;
  }

  String namespace() {
    return NAMESPACE;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
