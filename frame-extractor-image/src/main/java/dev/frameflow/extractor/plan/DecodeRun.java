package dev.frameflow.extractor.plan;

/**
 * One ffmpeg process: seek to the first tick of {@code [firstTick, endTick)} and decode until the
 * last one. Runs never share a tick, so their frames never overlap.
 */
public record DecodeRun(int index, int firstTick, int endTick) {

  public int ticks() {
    return endTick - firstTick;
  }
}
