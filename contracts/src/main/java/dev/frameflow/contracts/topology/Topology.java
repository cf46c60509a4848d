package dev.frameflow.contracts.topology;

import dev.frameflow.contracts.events.VideoCancelledEvent;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.events.VideoUploadedEvent;

/**
 * The broker's names (docs/events.md). One durable topic exchange carries every event with its type
 * as routing key; each consumer queue dead-letters to a direct exchange with its own name as
 * routing key, into {@code <queue>.dlq}.
 */
public final class Topology {

  public static final String EXCHANGE = "frameflow.events";
  public static final String DEAD_LETTER_EXCHANGE = "frameflow.events.dlx";

  public static final String UPLOADED_ROUTING_KEY = VideoUploadedEvent.TYPE;
  public static final String CANCELLED_ROUTING_KEY = VideoCancelledEvent.TYPE;
  public static final String STATUS_ROUTING_KEY = VideoStatusEvent.TYPE;

  /** The api-gateway consumes {@code video.status} here. */
  public static final String GATEWAY_STATUS_QUEUE = "frameflow.gateway.video-status";

  /** The operator's bridge consumes {@code video.uploaded} here. */
  public static final String OPERATOR_UPLOADED_QUEUE = "frameflow.operator.video-uploaded";

  /** The operator's bridge consumes {@code video.cancelled} here. */
  public static final String OPERATOR_CANCELLED_QUEUE = "frameflow.operator.video-cancelled";

  public static final String DEAD_LETTER_SUFFIX = ".dlq";

  private Topology() {}

  /** Where the broker puts what {@code queue}'s consumer rejects. */
  public static String deadLetterQueue(String queue) {
    return queue + DEAD_LETTER_SUFFIX;
  }
}
