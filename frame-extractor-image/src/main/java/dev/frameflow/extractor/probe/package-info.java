/** What ffmpeg says a video is: duration, size, rotation, codec and container. */
package dev.frameflow.extractor.probe;
