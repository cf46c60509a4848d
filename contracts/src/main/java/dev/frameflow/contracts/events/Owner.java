package dev.frameflow.contracts.events;

import io.fabric8.generator.annotation.Required;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The api-gateway user a video belongs to. */
public record Owner(
    @NotBlank @Size(max = 64) @Required String userId, @Size(max = 320) String email) {}
