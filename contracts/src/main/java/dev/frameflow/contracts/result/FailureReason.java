package dev.frameflow.contracts.result;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only failure reasons a user sees (in the extractor's result, {@code video.status}, the API,
 * the email and the webhook): fixed sentences that name no bucket, path, URL, address, account or
 * library message, each with a stable {@link #code()}. The details stay in the logs (the
 * extractor's stderr) and the VideoJob's conditions, for operators. A producer sends {@link
 * #text()}; a consumer maps what it receives with {@link #shown}, which turns anything else into
 * {@link #INTERNAL}. Documented in docs/events.md.
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
  /** The extraction ran past its deadline (the Job's, or no progress and no outcome at all). */
  TIMED_OUT("the extraction took longer than its time limit"),
  /** The extractor was killed for passing its memory limit, after the Job's retries. */
  OUT_OF_MEMORY("the extraction ran out of memory"),
  /** Its VideoJob was deleted before the extraction finished (not by the owner's cancel). */
  STOPPED("the extraction was stopped before it finished"),
  /** The upload's event could not become an extraction (refused by the cluster or malformed). */
  NOT_STARTED("the extraction could not be started"),
  /** Anything else on our side (storage, disk, memory), after the Job's retries. */
  INTERNAL("the extraction failed on our side");

  // what a limit in a sentence may be: a number with its unit, or the placeholder's words
  private static final String LIMIT =
      "(?:the limit|[0-9]{1,12}(?: h| min| s| MiB| GiB)?)(?![0-9A-Za-z.])";
  // the rule INVALID_OPTIONS may add after ": " is the contract's; an address, URL, path, key or
  // account id in it is not, and takes the whole suffix away
  private static final Pattern INTERNAL_DETAIL =
      Pattern.compile(
          "[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[0-9]{12}|://|[/\\\\@]|amazonaws|\\.internal|\\.local\\b",
          Pattern.CASE_INSENSITIVE);

  private final String text;

  FailureReason(String text) {
    this.text = text;
  }

  /** The stable code a program branches on: {@code audio-only}, {@code timed-out}, ... */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** What a user is shown for a failure: the reason's code and its sentence. */
  public record Shown(FailureReason reason, String text) {
    public String code() {
      return reason.code();
    }
  }

  /**
   * The catalogue's reason that {@code text} is, with the text as sent (its limit, and for {@link
   * #INVALID_OPTIONS} the contract's rule) when it carries no internal detail; empty when it is no
   * sentence of the catalogue.
   */
  public static Optional<Shown> of(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String line = text.strip();
    for (FailureReason reason : values()) {
      Matcher exact = reason.pattern().matcher(line);
      if (exact.matches()) {
        String rest = exact.group("rest");
        boolean clean = rest == null || !INTERNAL_DETAIL.matcher(rest).find();
        return Optional.of(new Shown(reason, clean ? line : reason.text()));
      }
    }
    return Optional.empty();
  }

  /**
   * What a user is shown for {@code text}: its catalogue reason, or the first catalogue sentence it
   * contains (an operator's message quoting the extractor's reason), or {@link #INTERNAL}.
   */
  public static Shown shown(String text) {
    Optional<Shown> exact = of(text);
    if (exact.isPresent()) {
      return exact.get();
    }
    if (text != null) {
      for (FailureReason reason : values()) {
        if (reason != INTERNAL && reason.contained().matcher(text).find()) {
          return new Shown(reason, reason.text());
        }
      }
    }
    return new Shown(INTERNAL, INTERNAL.text());
  }

  private Pattern pattern() {
    String rest = this == INVALID_OPTIONS ? "(?<rest>: .{1,300})?" : "(?<rest>)";
    return Pattern.compile(sentence() + rest, Pattern.DOTALL);
  }

  private Pattern contained() {
    return Pattern.compile(sentence());
  }

  private String sentence() {
    int at = text.indexOf("%s");
    return at < 0
        ? Pattern.quote(text)
        : Pattern.quote(text.substring(0, at)) + LIMIT + Pattern.quote(text.substring(at + 2));
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
