package dev.frameflow.videojob;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Whose video it is, by id only: the owner's email stays in the api-gateway's database (which sends
 * the mail) and is never copied into etcd.
 */
public record VideoJobOwner(
    @JsonPropertyDescription("The api-gateway user's id.") @Required @Size(min = 1, max = 64)
        String userId) {}
