/**
 * Decoding frames with ffmpeg: dense runs, keyframes, exact points and scene changes, in parallel
 * where it pays.
 */
package dev.frameflow.extractor.decode;
