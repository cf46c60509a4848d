/**
 * One trace per video: the W3C trace context read from and written to RabbitMQ message headers,
 * kept on the VideoJob as annotations, handed to the Job's pods as {@code TRACEPARENT}, and the
 * spans and log fields ({@code trace_id}, {@code span_id}, {@code video_id}) of the work done for a
 * video.
 */
package dev.frameflow.operator.tracing;
