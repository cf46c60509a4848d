/**
 * The transactional outbox: rows written with the video, relayed to the broker, retried until
 * confirmed.
 */
package dev.frameflow.gateway.outbox;
