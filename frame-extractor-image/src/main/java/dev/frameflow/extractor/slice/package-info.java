/**
 * One slice of a long video: its frames as a part of the shared upload, and the local assembly for
 * a run by hand.
 */
package dev.frameflow.extractor.slice;
