package dev.frameflow.contracts.slicing;

/** What an index's probe learnt about the video, as the manifest shows it. */
public record SliceVideo(
    String container,
    String codec,
    int width,
    int height,
    double frameRate,
    int rotation,
    double durationSeconds,
    double startSeconds) {}
