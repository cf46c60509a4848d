package dev.frameflow.videojob;

import java.util.UUID;

/**
 * Deterministic Kubernetes names derived from a video id, so that a redelivered message or a
 * repeated reconcile finds the object it already created instead of making a second one.
 */
public final class VideoJobNames {

  private VideoJobNames() {}

  public static String videoJob(UUID videoId) {
    return "video-" + videoId;
  }

  public static String job(UUID videoId) {
    return "extract-" + videoId;
  }

  /** The one-pod Job that measures the source before a video's slices are planned. */
  public static String probeJob(UUID videoId) {
    return "probe-" + videoId;
  }
}
