package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.contracts.result.ExtractorResult;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.extractor.ProgressListener;
import dev.frameflow.extractor.S3Clients;
import dev.frameflow.extractor.decode.ProbeAhead;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.storage.ObjectStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One run of the CLI, whichever its subcommand: its environment, its logs and progress reports,
 * what it reads and writes through, and how it ends (the result JSON logged and written to the
 * result file, the exit code returned).
 */
final class CliRun implements AutoCloseable {

  static final String PART_SIZE_VARIABLE = "FRAMEFLOW_S3_PART_SIZE_MB";

  private final Map<String, String> env;
  private final String[] args;
  private final CliLog log;
  private final ProgressReporter reporter;
  private final CliTracing tracing;
  private final long started = System.nanoTime();

  /** Known once the subcommand's line is checked: what a failure's result names. */
  private CliArguments arguments;

  /** The source's probe, started before the line is read (an extract of a local file), or null. */
  private final ProbeAhead probeAhead;

  CliRun(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    this.args = args;
    this.env = env;
    // first: ffmpeg reads the file while the rest of the run is set up
    this.probeAhead =
        ProbeAhead.ofLine(args, ExtractorFlags.EXTRACT, () -> Ffmpeg.fromEnvironment(env));
    this.log = new CliLog(env, out, err);
    this.reporter = ProgressReporter.fromEnvironment(env, err);
    CliTracing tracing = CliTracing.fromEnvironment(env);
    // a server's life is no span: each of its renders is one (see ServeCommand)
    boolean serving = args.length > 0 && args[0].equals(ServeCommand.NAME);
    this.tracing =
        serving ? tracing : tracing.start("extractor " + (args.length > 0 ? args[0] : "run"), env);
    log.withFields(tracing.logFields());
  }

  /** The extraction's phases as spans of the run's trace (no-op without an OTLP endpoint). */
  dev.frameflow.extractor.Phases phases() {
    return tracing.phases();
  }

  /** The tracer of the renders of {@code serve} (no-op without an OTLP endpoint). */
  io.opentelemetry.api.trace.Tracer tracer() {
    return tracing.tracer();
  }

  /** The probe started ahead of an extract's local source, or null. */
  ProbeAhead probeAhead() {
    return probeAhead;
  }

  CliLog log() {
    return log;
  }

  /** Sends the spans still buffered (a server's, at its stop). */
  void flushTraces() {
    tracing.flush();
  }

  Map<String, String> env() {
    return env;
  }

  /** The subcommand's checked line. */
  CliArguments checked(CliArguments arguments) {
    this.arguments = arguments;
    return arguments;
  }

  long elapsedMillis() {
    return (System.nanoTime() - started) / 1_000_000;
  }

  Ffmpeg ffmpeg() {
    return Ffmpeg.fromEnvironment(env);
  }

  /**
   * What the run reads and writes through: the pod's grant when the environment names the
   * operator's endpoint (decided before anything else, so that a granted run never looks for S3
   * credentials), else the command line. A grant that ends is renewed as the run goes when {@code
   * renewable} (the URLs end with the operator's credentials, IRSA: about an hour; a longer run
   * asks for them again before they do, and each request uses the newest).
   */
  RunAccess access(CliArguments arguments, boolean renewable)
      throws IOException, InterruptedException {
    AccessGrantClient grants = AccessGrantClient.of(env, log::warn);
    AccessGrant grant = grants == null ? null : grants.fetch();
    if (grant == null) {
      return RunAccess.ofArguments(arguments);
    }
    RunAccess access = RunAccess.ofGrant(arguments, grant, env);
    if (!renewable || grant.expiresAt() == null) {
      return access;
    }
    return access.renewedBy(
        new RenewingGrant(grant, grants::fetch, grants.waitLimit(), Clock.systemUTC(), log::warn));
  }

  /** An S3 client from the environment's credentials: only for a run by hand against S3. */
  S3Client s3() {
    return S3Clients.fromEnvironment(env);
  }

  /**
   * The run's store ({@code s3} may be null): with a renewing grant, every request takes the
   * grant's newest URLs.
   */
  ObjectStore store(S3Client s3, RunAccess access) {
    ObjectStore store = new ObjectStore(s3, partSize(), access.upload());
    if (access.renewing() != null) {
      store =
          store.renewedBy(
              access.renewing().sourceUrl(),
              access.upload() == null ? null : access.renewing().upload());
    }
    return store.withPlainHttpHost(env.get(PresignedAccess.PLAIN_HTTP_HOST_VARIABLE));
  }

  /** Progress to the log and, in a Job, to the operator. */
  ProgressListener progress() {
    return new ProgressListener() {
      @Override
      public void onProgress(int percent) {
        log.progress(percent);
        if (reporter != null) {
          reporter.report(percent);
        }
      }

      @Override
      public void onFramesWritten(int frames) {
        if (reporter != null) {
          reporter.framesWritten(frames);
        }
      }
    };
  }

  /** A run that failed: its result names the output when the line was read that far. */
  int failed(Throwable e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    RunFailure failure = RunFailure.of(e);
    // the video's duration is unknown to a failed run: null, not a made-up 0
    ExtractorResult result =
        ExtractorResult.failed(
            failure.exitCode(),
            arguments == null || arguments.output() == null ? null : arguments.output().toString(),
            null,
            elapsedMillis(),
            failure.reason());
    // the detail (paths, library messages) for the logs; the result carries the fixed reason
    log.error(failure.detail());
    return finish(result);
  }

  /** Logs the result and writes it to the result file; the exit code. */
  int finish(ExtractorResult result) {
    tracing.ended(result.exitCode());
    String json = ResultJson.toJson(result);
    log.result(json);
    Path resultFile = arguments != null ? arguments.resultFile() : CliArguments.resultFileOf(args);
    if (resultFile != null) {
      try {
        Files.writeString(resultFile, json, StandardCharsets.UTF_8);
      } catch (IOException e) {
        log.error("cannot write the result to " + resultFile + ": " + e.getMessage());
        return result.exitCode() == ExitCodes.SUCCESS ? ExitCodes.TRANSIENT : result.exitCode();
      }
    }
    return result.exitCode();
  }

  /** {@code FRAMEFLOW_S3_PART_SIZE_MB}: multipart part size, 5 (S3's minimum) or more. */
  private int partSize() {
    String value = env.get(PART_SIZE_VARIABLE);
    if (value == null || value.isBlank()) {
      return ObjectStore.DEFAULT_PART_SIZE;
    }
    try {
      int megabytes = Integer.parseInt(value.trim());
      if (megabytes >= 5 && megabytes <= 1024) {
        return megabytes * 1024 * 1024;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(PART_SIZE_VARIABLE + " must be 5..1024 but was " + value);
  }

  @Override
  public void close() {
    if (reporter != null) {
      reporter.close();
    }
    tracing.close();
  }
}
