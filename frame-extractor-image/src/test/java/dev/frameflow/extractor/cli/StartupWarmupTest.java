package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ExtractorFlags;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a process's start does before the line is run: the warm-up and the one subcommand. */
class StartupWarmupTest {

  @Test
  void theWarmUpRunsOnADaemonThreadOfItsOwnAndEnds() throws InterruptedException {
    Thread warmup = StartupWarmup.start();

    assertThat(warmup).isNotSameAs(Thread.currentThread());
    assertThat(warmup.isDaemon()).as("never keeps the process alive").isTrue();
    assertThat(warmup.getName()).isEqualTo("startup-warmup");
    warmup.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(warmup.isAlive()).isFalse();
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
