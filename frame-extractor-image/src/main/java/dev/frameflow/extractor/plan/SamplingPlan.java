package dev.frameflow.extractor.plan;

import java.util.List;

/**
 * The requested timestamps and the ffmpeg runs that produce their frames, in timeline order; {@code
 * skim} is set for a {@link Strategy#SKIM} plan only.
 */
public record SamplingPlan(
    Timeline timeline, Strategy strategy, List<DecodeRun> runs, SkimParameters skim) {

  public SamplingPlan {
    if ((strategy == Strategy.SKIM) != (skim != null)) {
      throw new IllegalArgumentException("a skim plan, and only one, has skim parameters");
    }
  }

  public SamplingPlan(Timeline timeline, Strategy strategy, List<DecodeRun> runs) {
    this(timeline, strategy, runs, null);
  }
}
