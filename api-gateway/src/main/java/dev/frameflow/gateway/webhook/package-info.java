/** Webhooks: endpoints, signed deliveries with retries, and the outbound client that posts them. */
package dev.frameflow.gateway.webhook;
