/**
 * One trace per video: the gateway's spans, the W3C context kept in rows and message headers, the
 * trace_id, span_id and video_id log fields.
 */
package dev.frameflow.gateway.tracing;
