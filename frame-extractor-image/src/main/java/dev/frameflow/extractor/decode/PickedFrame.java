package dev.frameflow.extractor.decode;

import java.nio.file.Path;

/**
 * One frame of a mode that picks its own times (timestamps, keyframes, scene changes): the image
 * waiting in the work directory, the time it was asked for, the time it is shown at (seconds from
 * the start of the video) and whether the video coded it as a keyframe.
 */
public record PickedFrame(Path file, double requested, double timestamp, boolean keyframe) {}
