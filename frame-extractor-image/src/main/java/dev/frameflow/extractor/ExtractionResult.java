package dev.frameflow.extractor;

import dev.frameflow.extractor.storage.ObjectLocation;

/** What one extraction produced. */
public record ExtractionResult(
    int frames,
    ObjectLocation output,
    long bytes,
    double videoDurationSeconds,
    long elapsedMillis) {}
