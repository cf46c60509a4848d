package dev.frameflow.videojob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * Per-VideoJob override of the extractor container's resources; a key given here replaces the
 * operator's default for that key only (e.g. just {@code limits.memory} for a large video).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JobResources(
    @JsonPropertyDescription("Container requests by resource name (cpu, memory).")
        Map<String, Quantity> requests,
    @JsonPropertyDescription("Container limits by resource name (cpu, memory).")
        Map<String, Quantity> limits) {}
