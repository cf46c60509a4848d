/**
 * The ZIP of frames: entry names, manifest, the one-pod writer, a sliced run's parts and their
 * assembly, and the central-directory reader.
 */
package dev.frameflow.archive;
