package dev.frameflow.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Renders the repository's charts with helm-java, as `helm template` would for an install. */
final class HelmCharts {

  static final String NAMESPACE = "frameflow";

  /** The chart needs Kubernetes 1.27+; helm's default for template is 1.20. */
  static final String KUBE_VERSION = "v1.32.0";

  /** Rendered output by chart, sets and values files; tests parse their own copy. */
  private static final Map<List<Object>, String> RENDERED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private HelmCharts() {}

  static Path chart(String name) {
    return Repository.path("helm/" + name);
  }

  static Manifests template(String chart, Map<String, Object> sets, Path... valuesFiles) {
    return Manifests.parse(render(chart, sets, valuesFiles));
  }

  static String render(String chart, Map<String, Object> sets, Path... valuesFiles) {
    List<Object> key = List.of(chart, Map.copyOf(sets), List.of(valuesFiles));
    String rendered = RENDERED.get(key);
    if (rendered == null) {
      rendered = helmTemplate(chart, sets, valuesFiles);
      RENDERED.put(key, rendered);
    }
    return rendered;
  }

  private static String helmTemplate(String chart, Map<String, Object> sets, Path... valuesFiles) {
    TemplateCommand command =
        new Helm(chart(chart))
            .template()
            .withName("frameflow")
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    for (Path values : valuesFiles) {
      command = command.withValuesFile(values);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command.call();
  }
}
