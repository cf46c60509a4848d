package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.result.ExtractorResult;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Sets up, on threads of their own while the main thread reads the command line, what every run
 * needs and is slowest to start: Bean Validation (Hibernate Validator, and logback behind its
 * logging: about a third of a second of CPU before the first ffmpeg of a short run) and Jackson
 * (the result JSON); in a Job (the environment names the access grant's endpoint) also the JDK's
 * default TLS context, which every HTTP client of the run (the grant's, the source relay's, the
 * upload's) starts from: ~0.17 s of CPU (the trust store) that the grant's request would otherwise
 * pay on the main thread. On two cores the main thread meanwhile parses the line and starts
 * tracing; it then finds these ready, or waits for the initialisation under way (the JVM, and
 * {@link SSLContext#getDefault}, serialise it), and never does the work twice. Only the process's
 * {@code main} starts them: in-process runs (tests, the standalone mode) start warm.
 */
final class StartupWarmup {

  private StartupWarmup() {}

  /** Starts the warm-up threads (daemons); nothing waits for them, a failure changes nothing. */
  static List<Thread> start(Map<String, String> env) {
    List<Thread> threads = new ArrayList<>(2);
    threads.add(daemon("startup-warmup", StartupWarmup::run));
    if (AccessGrantClient.requested(env)) {
      threads.add(daemon("startup-warmup-access", StartupWarmup::access));
    }
    threads.forEach(Thread::start);
    return threads;
  }

  private static Thread daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
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

  /** The default TLS context (the JDK keeps it once made) and the grant's JSON reader. */
  static void access() {
    try {
      SSLContext.getDefault();
      AccessGrantClient.warmUp();
    } catch (NoSuchAlgorithmException | RuntimeException | LinkageError e) {
      // the run's first HTTP client, or the grant's reading, meets it again and reports it
    }
  }
}
