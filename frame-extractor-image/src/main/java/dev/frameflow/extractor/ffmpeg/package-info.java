/** The ffmpeg binary (Debian's, or JAVE2's bundled one) and how a source is given to it. */
package dev.frameflow.extractor.ffmpeg;
