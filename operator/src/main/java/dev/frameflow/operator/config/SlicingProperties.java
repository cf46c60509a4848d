package dev.frameflow.operator.config;

import dev.frameflow.operator.slicing.SlicingPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code frameflow.operator.slicing.*}: how long videos are cut across pods ({@link
 * SlicingPolicy}).
 *
 * @param sliceLength one slice per this much sampled source (10 minutes)
 * @param defaultMaxParallelism the most pods per video when its VideoJob gives no {@code
 *     spec.maxParallelism} (1: such videos are never sliced nor probed; above 1 every such upload
 *     without a known duration costs one short probe pod before it starts)
 * @param probeMinSourceSize uploads smaller than this are not probed: taken to be shorter than one
 *     slice, they run as one pod at once (64 MB)
 */
@ConfigurationProperties("frameflow.operator.slicing")
public record SlicingProperties(
    @DefaultValue("10m") Duration sliceLength,
    @DefaultValue("1") int defaultMaxParallelism,
    @DefaultValue("64MB") DataSize probeMinSourceSize) {

  public SlicingPolicy policy() {
    return new SlicingPolicy(
        sliceLength.toMillis() / 1000.0, defaultMaxParallelism, probeMinSourceSize.toBytes());
  }
}
