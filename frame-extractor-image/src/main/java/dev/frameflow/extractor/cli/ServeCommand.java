package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.extractor.frameserver.FrameServer;
import dev.frameflow.extractor.frameserver.FrameService;
import dev.frameflow.extractor.frameserver.FrameServiceSettings;
import dev.frameflow.extractor.frameserver.RenderOutcome;
import dev.frameflow.extractor.frameserver.SourceOrigin;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve}: the frame-server, a long-running HTTP server ({@link FrameServer}) rendering
 * frames and animated previews from the presigned source URL each request brings. It holds no S3
 * credential and reads only URLs of {@code --source-origin}. On SIGTERM it stops accepting, says
 * not ready, lets the renders in flight finish (up to {@code --drain-seconds}) and exits.
 */
@Command(
    name = ServeCommand.NAME,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serves single frames and animated previews over HTTP (POST /v1/frames, /v1/animations;"
          + " /healthz, /readyz), reading each source through the presigned URL of the request."
    })
final class ServeCommand implements Callable<Integer> {

  static final String NAME = "serve";

  private final CliRun run;

  @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: 8080).")
  int port = 8080;

  @Option(
      names = "--source-origin",
      required = true,
      paramLabel = "https://HOST[:PORT]",
      description =
          "The object store's origin: a source URL on any other scheme, host or port is refused.")
  String sourceOrigin;

  @Option(
      names = "--max-concurrency",
      paramLabel = "N",
      description = "Renders at once on this replica (default: 4).")
  int maxConcurrency = FrameServiceSettings.DEFAULT_MAX_CONCURRENCY;

  @Option(
      names = "--max-per-owner",
      paramLabel = "N",
      description = "Renders at once for one user (default: 2).")
  int maxPerOwner = FrameServiceSettings.DEFAULT_MAX_PER_OWNER;

  @Option(
      names = "--frame-cache-mb",
      paramLabel = "MB",
      description = "Memory for recently rendered pictures (default: 32; the heap is 128 MiB).")
  int frameCacheMb = FrameServiceSettings.DEFAULT_FRAME_CACHE_MB;

  @Option(
      names = "--source-cache-entries",
      paramLabel = "N",
      description = "Sources whose probe is kept (default: 256).")
  int sourceCacheEntries = FrameServiceSettings.DEFAULT_SOURCE_CACHE_ENTRIES;

  @Option(
      names = "--source-bytes-mb",
      paramLabel = "MB",
      description =
          "Work-volume space for the sources kept open between renders: their container indexes"
              + " and the GOPs read so far (default: 256).")
  int sourceBytesMb = FrameServiceSettings.DEFAULT_SOURCE_BYTES_MB;

  @Option(
      names = ExtractorFlags.WORK_DIR,
      paramLabel = "DIR",
      description = "Scratch space for renders (default: the JVM's temporary directory).")
  Path workDir;

  @Option(
      names = "--drain-seconds",
      paramLabel = "S",
      description = "On SIGTERM, how long renders in flight may take to finish (default: 20).")
  int drainSeconds = 20;

  ServeCommand(CliRun run) {
    this.run = run;
  }

  /** The settings the flags give (bad values refused with a message naming the flag). */
  FrameServiceSettings settings() {
    SourceOrigin origin;
    try {
      origin = SourceOrigin.parse(sourceOrigin);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--source-origin: " + e.getMessage());
    }
    if (maxConcurrency < 1
        || maxPerOwner < 1
        || frameCacheMb < 0
        || sourceCacheEntries < 0
        || sourceBytesMb < 0) {
      throw new IllegalArgumentException(
          "--max-concurrency and --max-per-owner must be at least 1, the cache sizes at least 0");
    }
    return FrameServiceSettings.defaults(origin)
        .withWorkDir(workDir)
        .withLimits(maxConcurrency, maxPerOwner)
        .withCaches(frameCacheMb * 1024L * 1024, sourceCacheEntries)
        .withSourceBytes(sourceBytesMb * 1024L * 1024);
  }

  @Override
  public Integer call() throws Exception {
    FrameService service = new FrameService(settings(), run.ffmpeg());
    FrameServer server =
        FrameServer.start(new InetSocketAddress(port), service, run.tracer(), logOf(run.log()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    run.log().info("stopping: finishing the renders in flight", "");
                    server.stop(Duration.ofSeconds(drainSeconds));
                    service.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    stopped.countDown();
                    run.flushTraces();
                  }
                },
                "frame-server-stop"));
    run.log()
        .info(
            "frame-server listening on port "
                + server.port()
                + ", sources from "
                + service.settings().sourceOrigin(),
            "");
    stopped.await();
    return 0;
  }

  /** Each answered render as one log line with its video, status and span. */
  static RenderOutcome.Log logOf(CliLog log) {
    return outcome -> {
      StringBuilder fields = new StringBuilder();
      if (outcome.traceId() != null) {
        fields.append(",\"trace_id\":\"").append(outcome.traceId()).append('"');
        fields.append(",\"span_id\":\"").append(outcome.spanId()).append('"');
      }
      if (outcome.videoId() != null && outcome.videoId().matches("[0-9a-zA-Z_-]{1,64}")) {
        fields.append(",\"video_id\":\"").append(outcome.videoId()).append('"');
      }
      fields.append(",\"http.response.status_code\":").append(outcome.status());
      if (outcome.refusal() != null) {
        fields.append(",\"frameflow.refusal\":\"").append(outcome.refusal()).append('"');
      }
      fields.append(",\"event.duration_ms\":").append(outcome.millis());
      log.info(
          outcome.path()
              + " "
              + outcome.status()
              + (outcome.refusal() == null ? "" : " " + outcome.refusal())
              + " in "
              + outcome.millis()
              + " ms",
          fields.toString());
    };
  }
}
