package dev.frameflow.extractor.plan;

/** How the frames are decoded. */
public enum Strategy {
  /** Decode the whole range once, split into contiguous time segments decoded in parallel. */
  DENSE,
  /** Seek to every requested timestamp (input seeking: at most one GOP decoded per frame). */
  SPARSE
}
