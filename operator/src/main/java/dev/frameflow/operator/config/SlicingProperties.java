package dev.frameflow.operator.config;

import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.operator.slicing.SliceAssembly;
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
 * @param maxIndexSize the most all index objects of one sliced video may weigh together (16 MB,
 *     about 100,000 frames): over it the VideoJob fails without the objects being read
 * @param maxSpillSize the most one spill object may weigh (5 MB: a spill is a part below S3's
 *     minimum part size, so nothing larger is legitimate)
 * @param assemblyDeadline how long after its Job completed a sliced video's ZIP may keep failing to
 *     assemble for storage trouble (retried every 5 s) before the VideoJob fails (30 min)
 */
@ConfigurationProperties("frameflow.operator.slicing")
public record SlicingProperties(
    @DefaultValue("10m") Duration sliceLength,
    @DefaultValue("1") int defaultMaxParallelism,
    @DefaultValue("64MB") DataSize probeMinSourceSize,
    @DefaultValue("16MB") DataSize maxIndexSize,
    @DefaultValue("5MB") DataSize maxSpillSize,
    @DefaultValue("30m") Duration assemblyDeadline) {

  public SlicingProperties {
    if (maxSpillSize.toBytes() > PresignedAccess.MIN_PART_SIZE_BYTES) {
      throw new IllegalArgumentException(
          "frameflow.operator.slicing.max-spill-size is at most 5MB (S3's minimum part size)");
    }
    if (assemblyDeadline.isNegative() || assemblyDeadline.isZero()) {
      throw new IllegalArgumentException(
          "frameflow.operator.slicing.assembly-deadline must be positive");
    }
  }

  /** What the objects of one sliced video may weigh. */
  public SliceAssembly.Limits limits() {
    return new SliceAssembly.Limits(maxIndexSize.toBytes(), maxSpillSize.toBytes());
  }

  public SlicingPolicy policy() {
    return new SlicingPolicy(
        sliceLength.toMillis() / 1000.0, defaultMaxParallelism, probeMinSourceSize.toBytes());
  }
}
