package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Rendered YAML parsed into typed fabric8 objects, with lookups by kind and name. */
final class Manifests {

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  static Manifests parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
        continue;
      }
      Object parsed = Serialization.unmarshal(document);
      if (parsed instanceof KubernetesList list) {
        objects.addAll(list.getItems());
      } else {
        objects.add((HasMetadata) parsed);
      }
    }
    return new Manifests(objects);
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    List<T> matches =
        all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
    assertThat(matches).as("exactly one %s named %s", type.getSimpleName(), name).hasSize(1);
    return matches.get(0);
  }

  HasMetadata one(String kind, String name) {
    List<HasMetadata> matches =
        ofKind(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
    assertThat(matches).as("exactly one %s named %s", kind, name).hasSize(1);
    return matches.get(0);
  }

  /** Pod specs of every workload (Deployment, StatefulSet, Job), keyed "Kind/name". */
  Map<String, PodSpec> podSpecs() {
    Map<String, PodSpec> specs = new LinkedHashMap<>();
    all(Deployment.class)
        .forEach(
            d ->
                specs.put(
                    "Deployment/" + d.getMetadata().getName(),
                    d.getSpec().getTemplate().getSpec()));
    all(StatefulSet.class)
        .forEach(
            s ->
                specs.put(
                    "StatefulSet/" + s.getMetadata().getName(),
                    s.getSpec().getTemplate().getSpec()));
    all(Job.class)
        .forEach(
            j ->
                specs.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate().getSpec()));
    return specs;
  }

  /** Pod specs of long-running workloads only (those answer probes). */
  Map<String, PodSpec> longRunningPodSpecs() {
    Map<String, PodSpec> specs = new LinkedHashMap<>(podSpecs());
    specs.keySet().removeIf(key -> key.startsWith("Job/"));
    return specs;
  }
}
