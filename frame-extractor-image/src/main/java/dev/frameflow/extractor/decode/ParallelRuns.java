package dev.frameflow.extractor.decode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs independent ffmpeg jobs, {@code workers} at a time, and returns their results in the order
 * given. The first failure stops the others (interrupting a job kills its ffmpeg).
 */
public final class ParallelRuns {

  /** One job. */
  @FunctionalInterface
  public interface Job<T> {
    T run() throws IOException, InterruptedException;
  }

  private ParallelRuns() {}

  public static <T> List<T> all(List<Job<T>> jobs, int workers)
      throws IOException, InterruptedException {
    if (jobs.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(workers, jobs.size())),
            task -> {
              Thread thread = new Thread(task, "ffmpeg-job");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<T>> futures = new ArrayList<>(jobs.size());
      for (Job<T> job : jobs) {
        futures.add(pool.submit(job::run));
      }
      List<T> results = new ArrayList<>(jobs.size());
      for (Future<T> future : futures) {
        results.add(await(future));
      }
      return results;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** The result of {@code result}, with the exception a run threw unwrapped. */
  static <T> T await(Future<T> result) throws IOException, InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw new IOException(cause);
    }
  }
}
