package dev.frameflow.extractor.decode;

import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local file's probe and keyframe index ({@link KeyframeIndexer#probeAndIndex}), started before
 * the run asks for them. The CLI starts it as soon as it has the command line, so that ffmpeg reads
 * the file on one core while the JVM sets up the run on the other (picocli, Bean Validation: most
 * of the half second before a short run's first ffmpeg). The run takes it when it reads that very
 * source; any other source (a URL through the relay, another file) is probed as before, and what
 * was started is left to end on its own.
 *
 * <p>What the probe throws (a file that is no video) is thrown by {@link #take}, where the run
 * would have met it: a run refused for its flags never sees it.
 */
public final class ProbeAhead {

  private final MediaSource source;
  private final Future<KeyframeIndexer.Probed> probed;
  private final AtomicBoolean taken = new AtomicBoolean();

  private ProbeAhead(MediaSource source, Future<KeyframeIndexer.Probed> probed) {
    this.source = source;
    this.probed = probed;
  }

  /** Starts probing {@code file} on a daemon thread. */
  public static ProbeAhead start(Ffmpeg ffmpeg, Path file) {
    MediaSource source = MediaSource.file(file);
    FutureTask<KeyframeIndexer.Probed> task =
        new FutureTask<>(() -> new KeyframeIndexer(ffmpeg).probeAndIndex(source));
    Thread thread = new Thread(task, "probe-ahead");
    thread.setDaemon(true);
    thread.start();
    return new ProbeAhead(source, task);
  }

  /**
   * A probe ahead of the {@code --source} of an {@code extract} line when it names a local file (no
   * URL, no {@code s3://}), else null. The line is not checked here: picocli reads it again, and a
   * run of another source never takes this probe.
   */
  public static ProbeAhead ofLine(
      String[] args, String subcommand, java.util.function.Supplier<Ffmpeg> ffmpeg) {
    if (args.length == 0 || !args[0].equals(subcommand)) {
      return null;
    }
    String flag = ExtractorFlags.SOURCE;
    String value = null;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals(flag) && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].startsWith(flag + "=")) {
        value = args[i].substring(flag.length() + 1);
      }
    }
    if (value == null || value.contains("://")) {
      return null;
    }
    try {
      Path file = Path.of(value);
      return Files.isRegularFile(file) && Files.size(file) > 0 ? start(ffmpeg.get(), file) : null;
    } catch (IOException | RuntimeException e) {
      // not a path this process can read: the run says so itself
      return null;
    }
  }

  /**
   * The probe of {@code source}, waited for, when this one was started for it and not taken yet;
   * else null (probe it then). Throws what {@link KeyframeIndexer#probeAndIndex} throws.
   */
  public KeyframeIndexer.Probed take(MediaSource source) throws IOException, InterruptedException {
    if (!this.source.equals(source) || !taken.compareAndSet(false, true)) {
      return null;
    }
    return ParallelRuns.await(probed);
  }
}
