package dev.frameflow.extractor.plan;

/** How the frames are decoded. */
public enum Strategy {
  /** Decode the whole range once, split into contiguous time segments decoded in parallel. */
  DENSE,
  /**
   * Seek to the requested timestamps (or groups of them) and decode from the keyframe before each,
   * skipping what lies between; the seeks are shared out among a few parallel processes.
   */
  SPARSE,
  /**
   * Read the range once, in order, and decode of each GOP only its first packets, up to the frame
   * of its last requested timestamp; a GOP without one is skipped whole. The packets are dropped
   * before the decoder sees them (ffmpeg's {@code noise} bitstream filter between a copying and a
   * decoding ffmpeg), so no seek and no re-opened input is paid per GOP.
   */
  SKIM
}
