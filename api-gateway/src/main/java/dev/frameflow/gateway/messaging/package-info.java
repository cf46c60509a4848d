/**
 * RabbitMQ: the outbox's publisher with confirms and the video.status consumer with its dead-letter
 * handling.
 */
package dev.frameflow.gateway.messaging;
