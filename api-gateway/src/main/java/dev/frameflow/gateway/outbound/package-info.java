/** Outbound HTTP for URL imports and webhooks: clients that refuse internal destinations. */
package dev.frameflow.gateway.outbound;
