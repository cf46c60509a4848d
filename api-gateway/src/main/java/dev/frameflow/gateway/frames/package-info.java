/**
 * Frames on demand: a video's picture at any time and its animated previews as image URLs, for the
 * owner or through signed links; rendered by the frame-server (or in process), never by the
 * gateway.
 */
package dev.frameflow.gateway.frames;
