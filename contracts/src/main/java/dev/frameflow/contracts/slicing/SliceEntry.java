package dev.frameflow.contracts.slicing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * One STORED frame entry an index wrote into its part: what the central directory needs (name, CRC,
 * size, where its local header starts within the part) and what the manifest needs (the frame's
 * timestamp, the requested timestamp it serves and whether the video coded it as a keyframe).
 */
public record SliceEntry(
    @NotBlank String name,
    @PositiveOrZero long crc,
    @PositiveOrZero long size,
    @PositiveOrZero long offset,
    double timestamp,
    double requestedTimestamp,
    boolean keyframe) {}
