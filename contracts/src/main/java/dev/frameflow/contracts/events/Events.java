package dev.frameflow.contracts.events;

/**
 * What every event carries: {@code schemaVersion}, {@code eventId} (a UUID consumers de-duplicate
 * by), {@code type} (also the routing key), {@code videoId} and {@code occurredAt}. A consumer
 * reads every version up to {@link #SCHEMA_VERSION}; a message without one is version 1.
 */
public final class Events {

  /** Bumped only for a change an older consumer would misread; new optional fields keep it. */
  public static final int SCHEMA_VERSION = 1;

  private Events() {}
}
