package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.result.ExtractorResult;

/**
 * Sets up, on a thread of its own while the main thread reads the command line, the two libraries
 * every run needs and that are slowest to start: Bean Validation (Hibernate Validator, and logback
 * behind its logging: about a third of a second of CPU before the first ffmpeg of a short run) and
 * Jackson (the result JSON). On two cores the second one does it while the first parses the line
 * and starts tracing; the main thread then finds the validator ready, or waits for the class
 * initialisation under way (the JVM serialises it), and never does the work twice. Only the
 * process's {@code main} starts it: in-process runs (tests, the standalone mode) start warm.
 */
final class StartupWarmup {

  private StartupWarmup() {}

  /** Starts the warm-up (a daemon); nothing waits for it, a failure in it changes nothing. */
  static Thread start() {
    Thread thread = new Thread(StartupWarmup::run, "startup-warmup");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Validates the default options and writes a result: the same classes and caches a run uses. */
  static void run() {
    try {
      ExtractionOptions.defaults().validated();
      ResultJson.toJson(ExtractorResult.succeeded(0, "", 0, 0, 0));
    } catch (RuntimeException | LinkageError e) {
      // the run itself meets (and reports) whatever went wrong here
    }
  }
}
