package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment scripts cannot run here (no Docker, no kind); they must at least parse and say how
 * to use them.
 */
class ScriptsTest {

  /** Every file in scripts/, so that a new script is checked without being listed here. */
  static List<String> scripts() throws IOException {
    try (Stream<Path> files = Files.list(Repository.path("scripts"))) {
      return files.map(file -> "scripts/" + file.getFileName()).sorted().toList();
    }
  }

  @Test
  void theScriptsIncludeTheReadmesRunCommand() throws Exception {
    assertThat(scripts()).contains("scripts/run", "scripts/test", "scripts/kind-up");
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void isAnExecutableBashScriptThatParses(String script) throws Exception {
    Path path = Repository.path(script);

    assertThat(Files.isExecutable(path)).as("%s is executable", script).isTrue();
    assertThat(Files.readAllLines(path).get(0)).isEqualTo("#!/usr/bin/env bash");
    assertThat(Files.readString(path)).contains("set -euo pipefail");
    assertThat(run("bash", "-n", path.toString())).as("bash -n %s", script).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"scripts/build-images", "scripts/kind-up"})
  void explainsItselfWithHelp(String script) throws Exception {
    assertThat(run(Repository.path(script).toString(), "--help")).isZero();
  }

  @Test
  void kindUpCreatesEverySecretTheKindOverlayReadsFrom() throws Exception {
    String rendered = Kustomize.render(Repository.path("kustomize/overlays/kind"));
    Set<String> referenced = new TreeSet<>();
    try (MappingIterator<JsonNode> documents =
        new YAMLMapper().readerFor(JsonNode.class).readValues(rendered)) {
      while (documents.hasNext()) {
        collectSecretNames(documents.next(), referenced);
      }
    }
    assertThat(referenced).contains("frameflow-rabbitmq-api-gateway", "frameflow-postgresql");
    String kindUp = Files.readString(Repository.path("scripts/kind-up"));
    assertThat(referenced)
        .allSatisfy(
            secret ->
                assertThat(kindUp)
                    .as("scripts/kind-up creates the Secret %s", secret)
                    .containsPattern("(create secret generic|for secret in)[^\\n]*" + secret));
  }

  /**
   * kind-up returns when the cluster is usable: every workload the kind overlay runs (the
   * dependencies, the OpenTelemetry Collector and Jaeger, both applications) is waited for, so the
   * first upload after it is traced and reaches Jaeger.
   */
  @Test
  void kindUpWaitsForEveryWorkloadTheKindOverlayRuns() throws Exception {
    Manifests kind = Kustomize.build(Repository.path("kustomize/overlays/kind"));
    String kindUp = Files.readString(Repository.path("scripts/kind-up"));
    List<String> waits = new java.util.ArrayList<>();
    kind.all(Deployment.class)
        .forEach(d -> waits.add("rollout status deployment/" + d.getMetadata().getName() + " "));
    kind.all(StatefulSet.class)
        .forEach(s -> waits.add("rollout status statefulset/" + s.getMetadata().getName() + " "));
    kind.all(Job.class)
        .forEach(
            j -> waits.add("wait --for=condition=Complete job/" + j.getMetadata().getName() + " "));
    assertThat(waits)
        .contains(
            "rollout status deployment/otel-collector ",
            "rollout status deployment/jaeger ",
            "rollout status deployment/frameflow-operator ");
    assertThat(waits).allSatisfy(wait -> assertThat(kindUp).as("scripts/kind-up").contains(wait));
  }

  /** Names under secretKeyRef, secretRef (env) and secret.secretName (volumes). */
  private static void collectSecretNames(JsonNode node, Set<String> names) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      for (String key : new String[] {"secretKeyRef", "secretRef"}) {
        if (node.path(key).hasNonNull("name")) {
          names.add(node.path(key).get("name").asText());
        }
      }
      if (node.path("secret").hasNonNull("secretName")) {
        names.add(node.path("secret").get("secretName").asText());
      }
    }
    node.forEach(child -> collectSecretNames(child, names));
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("finished").isTrue();
    return process.exitValue();
  }
}
