package dev.frameflow.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.frameflow.contracts.events.ObjectRef;

/** What the extractor reported in its termination message, as the VideoJob records it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VideoJobResult(
    @JsonPropertyDescription("Frames in the ZIP.") Integer frames,
    @JsonPropertyDescription("The ZIP in S3.") ObjectRef output,
    @JsonPropertyDescription("Size of the ZIP in bytes.") Long bytes,
    @JsonPropertyDescription("Duration of the video in seconds.") Double videoDurationSeconds,
    @JsonPropertyDescription("Wall time of the extraction in milliseconds.") Long elapsedMillis) {}
