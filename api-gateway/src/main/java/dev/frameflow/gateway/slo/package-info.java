/**
 * What two of the service level objectives (docs/runbooks.md, "Service level objectives") are
 * computed from: upload requests by outcome, and the time from upload to a video's final state by
 * size class (the webhook one is the webhook package's {@code WebhookDeliveryLatency}). Bounded
 * labels only.
 */
package dev.frameflow.gateway.slo;
