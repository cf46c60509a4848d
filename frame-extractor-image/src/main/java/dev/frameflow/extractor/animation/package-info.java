/**
 * Animated previews of a stretch of a video: an animated GIF (with its own palette) or an animated
 * WebP (libwebp), each in one ffmpeg run from an exact start.
 */
package dev.frameflow.extractor.animation;
