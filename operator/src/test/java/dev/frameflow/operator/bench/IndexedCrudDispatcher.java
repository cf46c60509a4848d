package dev.frameflow.operator.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * fabric8's CRUD mock API server with its store indexed by resource (plural), namespace and name,
 * as etcd keys are: a create, update, patch or GET of one named object finds it in constant time
 * instead of scanning every stored object. Everything else (lists, label selectors, watches,
 * deletes, status subresource, resource versions, generation) is fabric8's own code, unchanged;
 * only how {@code findResource} and a named GET locate the object differs, and each answer is still
 * checked with fabric8's own {@code AttributeSet.matches}. For the operator benchmark only: with
 * 10,000 finished VideoJobs stored, the stock dispatcher spends its time scanning them on every
 * request (docs/benchmarks.md), which a real API server does not.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final String ANY = "*";

  /** plural/namespace/name → the stored keys with those three (normally one). */
  private final Map<String, List<AttributeSet>> index = new ConcurrentHashMap<>();

  private final KubernetesAttributesExtractor extractor;
  private final ReadWriteLock lock;

  IndexedCrudDispatcher() {
    this.extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
    this.lock = parentLock(this);
  }

  /** fabric8 keeps its store's lock private; a named GET must take it as fabric8's own GET does. */
  private static ReadWriteLock parentLock(KubernetesCrudDispatcher dispatcher) {
    try {
      Field field = KubernetesCrudDispatcher.class.getDeclaredField("lock");
      field.setAccessible(true);
      return (ReadWriteLock) field.get(dispatcher);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fabric8's KubernetesCrudDispatcher changed", e);
    }
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    Optional<String> key = indexKey(query);
    if (key.isEmpty()) {
      return super.findResource(query); // no name in the query: fabric8's scan
    }
    for (AttributeSet stored : index.getOrDefault(key.get(), List.of())) {
      String value = getMap().get(stored);
      if (value != null && stored.matches(query)) {
        return Map.entry(stored, value);
      }
    }
    return null;
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    if (oldAttributes != null) {
      indexKey(oldAttributes)
          .ifPresent(
              k ->
                  index.computeIfPresent(
                      k,
                      (unused, keys) -> {
                        keys.remove(oldAttributes);
                        return keys.isEmpty() ? null : keys;
                      }));
    }
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (newState != null) {
      // the same key fabric8 just stored the object under (see KubernetesCrudDispatcher)
      AttributeSet stored =
          resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
      if (!stored.containsKey(KubernetesAttributesExtractor.PLURAL)) {
        stored = AttributeSet.merge(pathAttributes, stored);
      }
      AttributeSet key = stored;
      indexKey(key)
          .ifPresent(
              k -> index.computeIfAbsent(k, unused -> new CopyOnWriteArrayList<>()).add(key));
    }
  }

  @Override
  public MockResponse handleGet(String path) {
    if (path.contains("watch=true")) {
      return super.handleGet(path);
    }
    AttributeSet query = extractor.fromPath(path);
    if (indexKey(query).isEmpty()) {
      return super.handleGet(path); // lists and API discovery: fabric8's own
    }
    Lock read = lock.readLock();
    read.lock();
    try {
      Map.Entry<AttributeSet, String> found = findResource(query);
      return found == null
          ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
          : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
    } finally {
      read.unlock();
    }
  }

  /** "plural/namespace/name" when the set names one object exactly (no wildcard, no negation). */
  private static Optional<String> indexKey(AttributeSet attributes) {
    String plural = exact(attributes, KubernetesAttributesExtractor.PLURAL);
    String name = exact(attributes, KubernetesAttributesExtractor.NAME);
    if (plural == null || name == null) {
      return Optional.empty();
    }
    String namespace = exact(attributes, KubernetesAttributesExtractor.NAMESPACE);
    if (namespace == null) {
      // cluster-scoped, or a query across namespaces: fabric8's scan (few objects, rare requests)
      return Optional.empty();
    }
    return Optional.of(plural + "/" + namespace + "/" + name);
  }

  private static String exact(AttributeSet attributes, String key) {
    Attribute attribute = attributes.getAttribute(key);
    if (attribute == null
        || attribute.getType() != AttributeType.WITH
        || attribute.getValues().size() != 1) {
      return null;
    }
    Value value = attribute.getValues().get(0);
    String text = value.toString();
    return text == null || ANY.equals(text) ? null : text;
  }
}
