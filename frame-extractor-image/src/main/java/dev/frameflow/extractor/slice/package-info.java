/**
 * One slice of a long video: its frames (and, from the middle index, the run's preview) as a part
 * of the shared upload, and the local assembly for a run by hand.
 */
package dev.frameflow.extractor.slice;
