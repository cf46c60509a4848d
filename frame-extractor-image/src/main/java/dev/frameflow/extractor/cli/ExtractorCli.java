package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.result.ExitCodes;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Job container's entry point: {@code frame-extractor extract|probe|slice|assemble [flags]},
 * one picocli subcommand per mode ({@link ExtractCommand}, {@link ProbeCommand}, {@link
 * SliceCommand}, {@link AssembleCommand}). {@link #run} takes the arguments and environment
 * explicitly and never exits the JVM, so that tests (and the operator's test kubelet) run the real
 * CLI in-process.
 *
 * <p>Exit codes are the contract's {@link ExitCodes}: success, bad input (permanent: never retry),
 * transient (S3 unreachable, disk full, ...); a failure's is {@link RunFailure}'s, and its result
 * JSON is written as a success's is.
 */
public final class ExtractorCli {

  private ExtractorCli() {}

  /** The root of the line: only its subcommands run. */
  @Command(
      name = "frame-extractor",
      mixinStandardHelpOptions = true,
      description = {
        "Turns a video into a ZIP of frames: extract (one process), probe (the duration only),"
            + " slice (one part of a sliced run), assemble (a local sliced run's parts into one"
            + " ZIP), serve (the frame-server). 'frame-extractor SUBCOMMAND --help' lists a subcommand's flags."
      })
  static final class Root {}

  public static void main(String[] args) {
    StartupWarmup.start(System.getenv());
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try (CliRun run = new CliRun(args, env, out, err)) {
      PrintWriter help = new PrintWriter(out, true);
      try {
        return commandLine(run, args.length > 0 ? args[0] : null).setOut(help).execute(args);
      } catch (Error e) {
        // picocli passes on what is not an Exception: still a result and a transient exit
        return run.failed(e);
      } finally {
        help.flush();
      }
    }
  }

  /** The declaration; a failure of the line or of the run ends in {@link CliRun#failed}. */
  static CommandLine commandLine(CliRun run) {
    return commandLine(run, null);
  }

  /** The subcommands, by name, in the order the root's help lists them. */
  private static Map<String, Function<CliRun, Object>> subcommands() {
    Map<String, Function<CliRun, Object>> all = new LinkedHashMap<>();
    all.put(ExtractorFlags.EXTRACT, ExtractCommand::new);
    all.put(ExtractorFlags.PROBE, ProbeCommand::new);
    all.put(ExtractorFlags.SLICE, SliceCommand::new);
    all.put(ExtractorFlags.ASSEMBLE, AssembleCommand::new);
    all.put(ServeCommand.NAME, ServeCommand::new);
    return all;
  }

  /**
   * The declaration with {@code first} (the line's first word) alone when it names a subcommand:
   * picocli reads every declared command's annotations up front, and a short run should not pay for
   * the four it does not run. Any other line (the root's help, a misspelt subcommand) gets all.
   */
  static CommandLine commandLine(CliRun run, String first) {
    CommandLine root = new CommandLine(new Root());
    Map<String, Function<CliRun, Object>> all = subcommands();
    Function<CliRun, Object> named = first == null ? null : all.get(first);
    if (named != null) {
      root.addSubcommand(named.apply(run));
    } else {
      all.values().forEach(command -> root.addSubcommand(command.apply(run)));
    }
    return root
        // set after the subcommands: picocli hands these down to those present
        .setExitCodeExceptionMapper(new RunFailure.ExitCodeMapper())
        .setParameterExceptionHandler((e, args) -> run.failed(e))
        .setExecutionExceptionHandler((e, line, parsed) -> run.failed(e));
  }
}
