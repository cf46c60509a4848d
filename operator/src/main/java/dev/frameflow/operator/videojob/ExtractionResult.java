package dev.frameflow.operator.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the extractor reported in its termination message. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExtractionResult(
    Integer frames,
    S3ObjectRef output,
    Long bytes,
    Double videoDurationSeconds,
    Long elapsedMillis) {}
