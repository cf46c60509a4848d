/** Storyboards: sprite sheets of frames and their WebVTT index, for scrubbing previews. */
package dev.frameflow.extractor.storyboard;
