package dev.frameflow.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.Map;

/** Renders the repository's charts with helm-java, as `helm template` would for an install. */
final class HelmCharts {

  static final String NAMESPACE = "frameflow";

  /** The chart needs Kubernetes 1.27+; helm's default for template is 1.20. */
  static final String KUBE_VERSION = "v1.32.0";

  private HelmCharts() {}

  static Path chart(String name) {
    return Repository.path("helm/" + name);
  }

  static Manifests template(String chart, Map<String, Object> sets, Path... valuesFiles) {
    return Manifests.parse(render(chart, sets, valuesFiles));
  }

  static String render(String chart, Map<String, Object> sets, Path... valuesFiles) {
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
