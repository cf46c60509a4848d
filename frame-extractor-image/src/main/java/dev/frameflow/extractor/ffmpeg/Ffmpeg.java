package dev.frameflow.extractor.ffmpeg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * The ffmpeg binary, run as a child process: the one named by {@code FRAMEFLOW_FFMPEG_PATH} (the
 * image's Debian package), one on the {@code PATH}, or the one bundled by JAVE2, which JAVE unpacks
 * on first use.
 */
public final class Ffmpeg {

  public static final String PATH_VARIABLE = "FRAMEFLOW_FFMPEG_PATH";

  /** How many stderr lines are kept to explain a failure. */
  private static final int STDERR_TAIL_LINES = 40;

  private final Path binary;

  private Ffmpeg(Path binary) {
    this.binary = binary;
  }

  public static Ffmpeg at(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("ffmpeg binary is not executable: " + binary);
    }
    return new Ffmpeg(binary);
  }

  /** JAVE2's bundled binary (unpacked to {@code ${java.io.tmpdir}/jave/} on first use). */
  public static Ffmpeg bundled() {
    return at(Path.of(new DefaultFFMPEGLocator().getExecutablePath()));
  }

  /**
   * {@code FRAMEFLOW_FFMPEG_PATH} when set (the image sets Debian's), else an {@code ffmpeg} on the
   * {@code PATH}, else the bundled binary.
   */
  public static Ffmpeg fromEnvironment(Map<String, String> env) {
    String path = env.get(PATH_VARIABLE);
    if (path != null && !path.isBlank()) {
      return at(Path.of(path.trim()));
    }
    return onPath(env.get("PATH")).map(Ffmpeg::new).orElseGet(Ffmpeg::bundled);
  }

  /**
   * The distribution's ffmpeg when one is on this process's {@code PATH} (maintained, with security
   * updates), else the one JAVE2 bundles (ffmpeg 4.4.1, static, amd64 only): the standalone mode's
   * choice.
   */
  public static Ffmpeg preferInstalled() {
    return fromEnvironment(System.getenv());
  }

  /** The first executable {@code ffmpeg} in the directories of {@code path}. */
  static java.util.Optional<Path> onPath(String path) {
    if (path == null || path.isBlank()) {
      return java.util.Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isBlank()) {
        Path candidate = Path.of(dir).resolve("ffmpeg");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return java.util.Optional.of(candidate);
        }
      }
    }
    return java.util.Optional.empty();
  }

  public Path binary() {
    return binary;
  }

  /**
   * Runs ffmpeg with {@code arguments} (after {@code -hide_banner -nostdin}), handing every stderr
   * line to {@code stderrLines} and every stdout line to {@code stdoutLines} (discarded when null).
   * Interrupting the calling thread kills the process.
   */
  public Outcome run(
      List<String> arguments, Consumer<String> stdoutLines, Consumer<String> stderrLines)
      throws InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("-hide_banner");
    command.add("-nostdin");
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    if (stdoutLines == null) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread stderrReader =
        reader(
            process.getErrorStream(),
            line -> {
              synchronized (tail) {
                if (tail.size() == STDERR_TAIL_LINES) {
                  tail.removeFirst();
                }
                tail.addLast(line);
              }
              if (stderrLines != null) {
                stderrLines.accept(line);
              }
            });
    Thread stdoutReader =
        stdoutLines == null ? null : reader(process.getInputStream(), stdoutLines);
    try {
      // waiting here (not in a read) keeps the run interruptible: interrupting kills ffmpeg
      int exitCode = process.waitFor();
      stderrReader.join();
      if (stdoutReader != null) {
        stdoutReader.join();
      }
      synchronized (tail) {
        return new Outcome(exitCode, List.copyOf(tail));
      }
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * Runs two ffmpeg processes, the {@code producer}'s stdout piped into the {@code consumer}'s
   * stdin, handing the consumer's stderr lines to {@code consumerStderr}. Once the consumer exits
   * the producer is killed (it may have more to write than the consumer wanted). Interrupting the
   * calling thread kills both.
   */
  public PipelineOutcome runPipeline(
      List<String> producer, List<String> consumer, Consumer<String> consumerStderr)
      throws InterruptedException {
    ProcessBuilder first = new ProcessBuilder(command(producer));
    ProcessBuilder second =
        new ProcessBuilder(command(consumer)).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    List<Process> processes;
    try {
      processes = ProcessBuilder.startPipeline(List.of(first, second));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    Process upstream = processes.get(0);
    Process downstream = processes.get(1);
    Deque<String> upstreamTail = new ArrayDeque<>();
    Deque<String> downstreamTail = new ArrayDeque<>();
    Thread upstreamReader = reader(upstream.getErrorStream(), line -> keep(upstreamTail, line));
    Thread downstreamReader =
        reader(
            downstream.getErrorStream(),
            line -> {
              keep(downstreamTail, line);
              if (consumerStderr != null) {
                consumerStderr.accept(line);
              }
            });
    try {
      int downstreamExit = downstream.waitFor();
      downstreamReader.join();
      // the producer ended on its own before the consumer (an unreadable source)?
      Integer upstreamExit = upstream.isAlive() ? null : upstream.exitValue();
      upstream.destroyForcibly();
      upstream.waitFor();
      upstreamReader.join();
      Outcome producerOutcome;
      synchronized (upstreamTail) {
        producerOutcome =
            upstreamExit == null ? null : new Outcome(upstreamExit, List.copyOf(upstreamTail));
      }
      synchronized (downstreamTail) {
        return new PipelineOutcome(
            producerOutcome, new Outcome(downstreamExit, List.copyOf(downstreamTail)));
      }
    } finally {
      for (Process process : processes) {
        if (process.isAlive()) {
          process.destroyForcibly();
        }
      }
    }
  }

  private List<String> command(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("-hide_banner");
    command.add("-nostdin");
    command.addAll(arguments);
    return command;
  }

  private static void keep(Deque<String> tail, String line) {
    synchronized (tail) {
      if (tail.size() == STDERR_TAIL_LINES) {
        tail.removeFirst();
      }
      tail.addLast(line);
    }
  }

  /**
   * The outcomes of a pipeline: the producer's only when it ended before the consumer did (else it
   * was killed once the consumer no longer needed it).
   */
  public record PipelineOutcome(Outcome producer, Outcome consumer) {

    /** The producer failed on its own: what the consumer then says is a consequence. */
    public boolean producerFailed() {
      return producer != null && !producer.succeeded();
    }
  }

  private static Thread reader(InputStream stream, Consumer<String> lines) {
    Thread thread = new Thread(() -> readLines(stream, lines), "ffmpeg-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void readLines(InputStream stream, Consumer<String> lines) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.accept(line);
      }
    } catch (IOException e) {
      // the process died or was killed: its exit code tells the story
    }
  }

  private static final java.util.regex.Pattern URL_QUERY =
      java.util.regex.Pattern.compile("(https?://[^?\\s'\"]*)\\?[^\\s'\"]*");

  /** {@code text} with every URL's query (a presigned URL's signature) removed, for logs. */
  public static String redact(String text) {
    return URL_QUERY.matcher(text).replaceAll("$1");
  }

  /** Exit code and the last stderr lines of one ffmpeg run. */
  public record Outcome(int exitCode, List<String> stderrTail) {

    public boolean succeeded() {
      return exitCode == 0;
    }

    /**
     * ffmpeg died of a fault of its own (segmentation fault, abort, illegal instruction, bus or
     * arithmetic error: exit code 128 + signal), which the same input repeats, unlike a kill from
     * outside (out of memory, termination), which may not come again.
     */
    public boolean crashed() {
      int signal = exitCode - 128;
      return signal == 4 || signal == 6 || signal == 7 || signal == 8 || signal == 11;
    }

    /** Killed by a signal from outside: {@link #crashed()} is false, yet ffmpeg did not exit. */
    public boolean killed() {
      return exitCode > 128 && !crashed();
    }

    /** {@code ffmpeg crashed (signal 11)} and the like, for messages. */
    public String crashDescription() {
      return "ffmpeg crashed (signal " + (exitCode - 128) + ")";
    }

    /** The last non-blank stderr line, as the short explanation of a failure. */
    public String lastError() {
      for (int i = stderrTail.size() - 1; i >= 0; i--) {
        if (!stderrTail.get(i).isBlank()) {
          return redact(stderrTail.get(i).trim());
        }
      }
      return "exit code " + exitCode;
    }
  }
}
