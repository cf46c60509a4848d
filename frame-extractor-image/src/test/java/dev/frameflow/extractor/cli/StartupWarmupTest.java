package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.extraction.ExtractorFlags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a process's start does before the line is run: the warm-up and the one subcommand. */
class StartupWarmupTest {

  @Test
  void theWarmUpRunsOnADaemonThreadOfItsOwnAndEnds() throws InterruptedException {
    List<Thread> warmup = StartupWarmup.start(Map.of());

    assertThat(warmup).extracting(Thread::getName).containsExactly("startup-warmup");
    assertThat(warmup.get(0)).isNotSameAs(Thread.currentThread());
    assertThat(warmup.get(0).isDaemon()).as("never keeps the process alive").isTrue();
    warmup.get(0).join(TimeUnit.SECONDS.toMillis(60));
    assertThat(warmup.get(0).isAlive()).isFalse();
  }

  @Test
  void inAJobTheTlsContextAndTheGrantsReaderAreMadeAheadToo() throws InterruptedException {
    List<Thread> warmup =
        StartupWarmup.start(Map.of(AccessGrant.URL_VARIABLE, "http://operator:8081/grant"));

    assertThat(warmup)
        .extracting(Thread::getName)
        .containsExactly("startup-warmup", "startup-warmup-access");
    assertThat(warmup).allMatch(Thread::isDaemon);
    for (Thread thread : warmup) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(warmup).noneMatch(Thread::isAlive);
  }

  @Test
  void aRunDeclaresOnlyTheSubcommandItRuns() {
    CommandLine line = ExtractorCli.commandLine(null, ExtractorFlags.EXTRACT);

    assertThat(line.getSubcommands()).containsOnlyKeys(ExtractorFlags.EXTRACT);
    assertThat(ExtractorCli.commandLine(null, ServeCommand.NAME).getSubcommands())
        .containsOnlyKeys(ServeCommand.NAME);
  }

  @Test
  void anyOtherLineDeclaresThemAllForTheRootsHelpAndItsSuggestions() {
    assertThat(ExtractorCli.commandLine(null, "--help").getSubcommands())
        .containsOnlyKeys(
            ExtractorFlags.EXTRACT,
            ExtractorFlags.PROBE,
            ExtractorFlags.SLICE,
            ExtractorFlags.ASSEMBLE,
            ServeCommand.NAME);
    assertThat(ExtractorCli.commandLine(null, "extrct").getSubcommands()).hasSize(5);
    assertThat(ExtractorCli.commandLine(null, null).getSubcommands()).hasSize(5);
  }
}
