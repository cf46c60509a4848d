package dev.frameflow.gateway.outbox;

/**
 * Hands one outbox message to whatever carries events on (RabbitMQ in production, an in-process
 * executor in the standalone mode). It must return only once the message is safely handed over, and
 * throw otherwise: the row then stays unsent and is retried with backoff, so a dispatcher sees a
 * message at least once and must tolerate repeats (the {@code eventId} is stable).
 */
public interface OutboxDispatcher {

  void dispatch(OutboxMessage message) throws Exception;
}
