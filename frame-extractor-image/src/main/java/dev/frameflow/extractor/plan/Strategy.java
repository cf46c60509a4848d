package dev.frameflow.extractor.plan;

/** How the frames are decoded. */
public enum Strategy {
  /** Decode the whole range once, split into contiguous time segments decoded in parallel. */
  DENSE,
  /**
   * Seek to the requested timestamps (or groups of them) and decode from the keyframe before each,
   * skipping what lies between; the seeks are shared out among a few parallel processes.
   */
  SPARSE
}
