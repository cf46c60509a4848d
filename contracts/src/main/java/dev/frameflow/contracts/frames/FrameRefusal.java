package dev.frameflow.contracts.frames;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Why the frame-server did not render: its code travels in {@link
 * FrameServerProtocol#REFUSAL_HEADER} with the status here, and the gateway maps it to its own
 * problem answer.
 */
public enum FrameRefusal {
  /** The time (in seconds) lies after the end of the video. */
  TIME_PAST_END("time-past-end", 422),
  /** The source object no longer exists. */
  SOURCE_GONE("source-gone", 410),
  /** The source is not a video ffmpeg can read, or is corrupt. */
  SOURCE_UNREADABLE("source-unreadable", 422),
  /** Every render slot of the replica is busy: try again after {@code Retry-After}. */
  OVERLOADED("overloaded", 503),
  /** This owner's share of the replica is busy: try again after {@code Retry-After}. */
  OWNER_BUSY("owner-busy", 429),
  /** The request itself is wrong (parameters, a foreign source origin, a malformed body). */
  BAD_REQUEST("bad-request", 400);

  private final String code;
  private final int status;

  FrameRefusal(String code, int status) {
    this.code = code;
    this.status = status;
  }

  /** The code on the wire ({@code time-past-end}). */
  @JsonValue
  public String code() {
    return code;
  }

  /** The HTTP status the frame-server answers it with. */
  public int status() {
    return status;
  }

  /** Whether the same request may succeed later: the answer then carries {@code Retry-After}. */
  public boolean isRetryable() {
    return this == OVERLOADED || this == OWNER_BUSY;
  }

  /** The refusal of that code; empty for an unknown one. */
  public static Optional<FrameRefusal> fromCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static FrameRefusal ofCode(String code) {
    return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown refusal"));
  }
}
