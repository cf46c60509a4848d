package dev.frameflow.contracts.result;

import java.util.Locale;

/**
 * The only failure reasons a user sees (in the extractor's result, the VideoJob, {@code
 * video.status}, the API and the email): fixed sentences that name no bucket, path, URL, account or
 * library message. The details stay in the logs (the extractor's stderr). Documented in
 * docs/events.md.
 */
public enum FailureReason {
  /** The file has no video stream but an audio one. */
  AUDIO_ONLY("not a video: audio only"),
  /** An image (PNG, JPEG, ...) however it is named. */
  STILL_IMAGE("not a video: a still image"),
  /** Zero bytes. */
  EMPTY_FILE("not a video: the file is empty"),
  /** No demuxer recognises it. */
  UNREADABLE("not a video: the file could not be read as a video"),
  /** Recognised, but broken: truncated, no frame decodes, no size or duration. */
  CORRUPT("the video is corrupt or truncated"),
  /** ffmpeg crashes on it, every time. */
  UNDECODABLE("the video could not be decoded"),
  /** Longer than the extractor's limit (4 h by default; the text names the limit). */
  TOO_LONG("the video is longer than %s"),
  /** More pixels per frame than the limit (8K UHD by default). */
  TOO_LARGE("the video's frames are larger than %s pixels"),
  /** The ZIP would be larger than the Job's presigned upload can hold. */
  RESULT_TOO_LARGE("the frames do not fit in the largest ZIP (%s)"),
  /** The uploaded object is gone. */
  SOURCE_MISSING("the uploaded video was not found"),
  /** The source could not be fetched (after the Job's retries). */
  SOURCE_UNREADABLE("the source could not be read"),
  /** The options break a contract rule the API should have refused. */
  INVALID_OPTIONS("the extraction options are invalid"),
  /** Anything else on our side (storage, disk, memory), after the Job's retries. */
  INTERNAL("the extraction failed on our side");

  private final String text;

  FailureReason(String text) {
    this.text = text;
  }

  /** The sentence; a reason with a limit in it shows {@code …} there (use {@link #with}). */
  public String text() {
    return text.contains("%s") ? String.format(Locale.ROOT, text, "the limit") : text;
  }

  /** The sentence with its limit, e.g. {@code TOO_LONG.with("4 h")}. */
  public String with(String limit) {
    return text.contains("%s") ? String.format(Locale.ROOT, text, limit) : text;
  }

  /** "4 h", "90 min", "45 s": a duration as a user reads it. */
  public static String duration(double seconds) {
    if (seconds >= 3600 && seconds % 3600 == 0) {
      return (long) (seconds / 3600) + " h";
    }
    if (seconds >= 60 && seconds % 60 == 0) {
      return (long) (seconds / 60) + " min";
    }
    return String.format(Locale.ROOT, "%.0f s", seconds);
  }

  /** "1 GiB", "200 MiB": a size as a user reads it. */
  public static String size(long bytes) {
    long mib = bytes / (1024 * 1024);
    return mib >= 1024 && mib % 1024 == 0 ? mib / 1024 + " GiB" : mib + " MiB";
  }
}
