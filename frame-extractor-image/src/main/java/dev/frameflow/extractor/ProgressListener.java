package dev.frameflow.extractor;

/** Receives the percentage (0–100) of the requested timeline done; called from worker threads. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = percent -> {};

  void onProgress(int percent);

  /** How many frames are in the ZIP so far (after each batch the decoder hands over). */
  default void onFramesWritten(int frames) {}
}
