package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment scripts cannot run here (no Docker, no kind); they must at least parse and say how
 * to use them.
 */
class ScriptsTest {

  @ParameterizedTest
  @ValueSource(strings = {"scripts/build-images", "scripts/kind-up", "scripts/e2e-kind"})
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
