/**
 * One trace per video: W3C context from and to message headers, VideoJob annotations and the Job's
 * pod environment, and the spans and log fields of the work for a video.
 */
package dev.frameflow.operator.tracing;
