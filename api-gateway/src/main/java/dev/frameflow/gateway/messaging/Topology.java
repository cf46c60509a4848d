package dev.frameflow.gateway.messaging;

/** Exchange and queue names from docs/events.md. */
public final class Topology {

  public static final String EXCHANGE = "frameflow.events";
  public static final String DEAD_LETTER_EXCHANGE = "frameflow.events.dlx";
  public static final String STATUS_QUEUE = "frameflow.gateway.video-status";
  public static final String STATUS_DEAD_LETTER_QUEUE = STATUS_QUEUE + ".dlq";
  public static final String STATUS_ROUTING_KEY = "video.status";

  private Topology() {}
}
