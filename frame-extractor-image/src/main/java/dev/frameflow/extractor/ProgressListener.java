package dev.frameflow.extractor;

/** Receives the percentage (0–100) of the requested timeline done; called from worker threads. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = percent -> {};

  void onProgress(int percent);
}
