package dev.frameflow.operator.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.frameflow.contracts.events.ObjectRef;

/** What the extractor reported in its termination message, as the VideoJob records it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VideoJobResult(
    Integer frames,
    ObjectRef output,
    Long bytes,
    Double videoDurationSeconds,
    Long elapsedMillis) {}
