/** The extraction library: a video in, a ZIP of frames out, within limits, with progress. */
package dev.frameflow.extractor;
