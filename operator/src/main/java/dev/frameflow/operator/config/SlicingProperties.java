package dev.frameflow.operator.config;

import dev.frameflow.operator.slicing.SlicingPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.operator.slicing.*}: how long videos are cut across pods ({@link
 * SlicingPolicy}).
 *
 * @param sliceLength one slice per this much sampled source (10 minutes)
 * @param defaultMaxParallelism the most pods per video when its VideoJob gives no {@code
 *     spec.maxParallelism} (1: such videos are never sliced nor probed; above 1 every such upload
 *     without a known duration costs one short probe pod before it starts)
 */
@ConfigurationProperties("frameflow.operator.slicing")
public record SlicingProperties(
    @DefaultValue("10m") Duration sliceLength, @DefaultValue("1") int defaultMaxParallelism) {

  public SlicingPolicy policy() {
    return new SlicingPolicy(sliceLength.toMillis() / 1000.0, defaultMaxParallelism);
  }
}
