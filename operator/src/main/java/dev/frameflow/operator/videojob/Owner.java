package dev.frameflow.operator.videojob;

import io.fabric8.generator.annotation.Required;

/** The api-gateway user the video belongs to; carried so the status event can name them. */
public record Owner(@Required String userId, String email) {}
