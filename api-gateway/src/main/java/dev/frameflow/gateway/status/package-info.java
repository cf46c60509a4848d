/** Applies video.status events to the videos and fails videos that stalled. */
package dev.frameflow.gateway.status;
