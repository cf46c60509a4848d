package dev.frameflow.extractor.plan;

import java.util.List;

/** The requested timestamps and the ffmpeg runs that produce their frames, in timeline order. */
public record SamplingPlan(Timeline timeline, Strategy strategy, List<DecodeRun> runs) {}
