package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.contracts.result.ExtractorResult;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ExtractionRequest;
import dev.frameflow.extractor.ExtractionResult;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.FrameExtractor;
import dev.frameflow.extractor.ProgressListener;
import dev.frameflow.extractor.S3Clients;
import dev.frameflow.extractor.SourceUnreadableException;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.extractor.storage.ObjectStore;
import dev.frameflow.objectstreams.ObjectTooLargeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Job container's entry point. Everything happens in {@link #run}, which takes the arguments
 * and environment explicitly and never exits the JVM, so that tests (and the operator's test
 * kubelet) run the real CLI in-process.
 *
 * <p>Exit codes are the contract's {@link ExitCodes}: success, bad input (permanent: never retry),
 * transient (S3 unreachable, disk full, ...).
 */
public final class ExtractorCli {

  public static final String PART_SIZE_VARIABLE = "FRAMEFLOW_S3_PART_SIZE_MB";

  private ExtractorCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (CliArguments.asksForHelp(args)) {
      out.print(CliArguments.usage());
      return ExitCodes.SUCCESS;
    }
    long started = System.nanoTime();
    CliArguments arguments = null;
    S3Client s3 = null;
    ExtractorResult result;
    String detail = null;
    CliLog log = new CliLog(env, out, err);
    ProgressReporter reporter = ProgressReporter.fromEnvironment(env, err);
    try {
      arguments = CliArguments.parse(args, ExtractorLimits.defaults());
      // the URLs come from the operator (the pod's grant) or, run by hand, from the command line;
      // decided before anything else so that a granted run never looks for S3 credentials
      AccessGrants grants = AccessGrants.of(env, log::warn);
      AccessGrant grant = grants == null ? null : grants.fetch();
      RunAccess access =
          grant != null
              ? RunAccess.ofGrant(arguments, grant, env)
              : RunAccess.ofArguments(arguments);
      if (grant != null && grant.expiresAt() != null && !arguments.probe()) {
        // the URLs end with the operator's credentials (IRSA: about an hour): a longer run asks
        // for them again before they do, and each request uses the newest
        access =
            access.renewedBy(
                new RenewingGrant(
                    grant, grants::fetch, grants.waitLimit(), Clock.systemUTC(), log::warn));
      }
      arguments = arguments.withSource(access.source());
      String plainHttpHost = env.get(PresignedAccess.PLAIN_HTTP_HOST_VARIABLE);
      if (arguments.probe()) {
        // a probe pod is granted the source's presigned GET only: no S3 client, no upload
        if (arguments.source() instanceof ObjectLocation.S3Object) {
          s3 = S3Clients.fromEnvironment(env);
        }
        ObjectStore store =
            new ObjectStore(s3, partSize(env), null).withPlainHttpHost(plainHttpHost);
        result = ProbeRun.run(arguments, store, Ffmpeg.fromEnvironment(env), started);
        return finish(result, detail, log, arguments, args);
      }
      // a Job reads and writes through its presigned URLs only: no S3 client, no credentials
      if (arguments.source() instanceof ObjectLocation.S3Object
          || (access.upload() == null
              && arguments.slicing() == null
              && arguments.output() instanceof ObjectLocation.S3Object)) {
        s3 = S3Clients.fromEnvironment(env);
      }
      if (arguments.slicing() != null) {
        result =
            SlicedRun.run(
                arguments,
                access,
                env,
                store(s3, partSize(env), access).withPlainHttpHost(plainHttpHost),
                Ffmpeg.fromEnvironment(env),
                started);
        return finish(result, detail, log, arguments, args);
      }
      FrameExtractor extractor =
          FrameExtractor.withStore(
              store(s3, partSize(env), access).withPlainHttpHost(plainHttpHost),
              arguments.limits(),
              Ffmpeg.fromEnvironment(env));
      ExtractionResult done =
          extractor.extract(
              new ExtractionRequest(
                  arguments.source(), arguments.output(), arguments.options(), arguments.workDir()),
              new ProgressListener() {
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
              });
      result =
          ExtractorResult.succeeded(
              done.frames(),
              done.output().toString(),
              done.bytes(),
              done.videoDurationSeconds(),
              done.elapsedMillis());
    } catch (BadInputException e) {
      detail = e.getMessage();
      result = failed(ExitCodes.BAD_INPUT, arguments, started, e.userReason());
    } catch (ObjectTooLargeException e) {
      // the frames outgrew the Job's presigned upload: a retry would too
      detail = "the ZIP outgrew its upload: " + describe(e);
      result =
          failed(
              ExitCodes.BAD_INPUT,
              arguments,
              started,
              FailureReason.RESULT_TOO_LARGE.with(FailureReason.size(e.maxBytes())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      detail = "interrupted";
      result = failed(ExitCodes.TRANSIENT, arguments, started, FailureReason.INTERNAL.text());
    } catch (SourceUnreadableException e) {
      detail = describe(e);
      result =
          failed(ExitCodes.TRANSIENT, arguments, started, FailureReason.SOURCE_UNREADABLE.text());
    } catch (Exception | Error e) {
      detail = describe(e);
      result = failed(ExitCodes.TRANSIENT, arguments, started, FailureReason.INTERNAL.text());
    } finally {
      if (reporter != null) {
        reporter.close();
      }
      if (s3 != null) {
        s3.close();
      }
    }
    return finish(result, detail, log, arguments, args);
  }

  private static int finish(
      ExtractorResult result, String detail, CliLog log, CliArguments arguments, String[] args) {
    if (result.exitCode() != ExitCodes.SUCCESS) {
      // the detail (paths, library messages) for the logs; the result carries the fixed reason
      log.error(detail);
    }
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

  /** The run's store: with a renewing grant, every request takes the grant's newest URLs. */
  private static ObjectStore store(S3Client s3, int partSize, RunAccess access) {
    ObjectStore store = new ObjectStore(s3, partSize, access.upload());
    if (access.renewing() == null) {
      return store;
    }
    return store.renewedBy(
        access.renewing().sourceUrl(), access.upload() == null ? null : access.renewing().upload());
  }

  /** {@code FRAMEFLOW_S3_PART_SIZE_MB}: multipart part size, 5 (S3's minimum) or more. */
  private static int partSize(Map<String, String> env) {
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

  private static ExtractorResult failed(
      int exitCode, CliArguments arguments, long started, String reason) {
    // the video's duration is unknown to a failed run: null, not a made-up 0
    return ExtractorResult.failed(
        exitCode,
        arguments == null ? null : arguments.output().toString(),
        null,
        (System.nanoTime() - started) / 1_000_000,
        reason);
  }

  /** One line: the exception's message, or its type when it has none. */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    String line = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    return line.replace('\n', ' ').replace('\r', ' ');
  }
}
