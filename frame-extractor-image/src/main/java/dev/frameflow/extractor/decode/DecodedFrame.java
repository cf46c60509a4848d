package dev.frameflow.extractor.decode;

import java.nio.file.Path;

/**
 * One extracted image waiting in the work directory: the frame ffmpeg decoded at {@code timestamp}
 * (seconds from the start of the video) for requested tick {@code tick}.
 */
public record DecodedFrame(Path file, double timestamp, int tick) {}
