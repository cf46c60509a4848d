package dev.frameflow.gateway.auth;

import java.util.UUID;

/** The principal of an authenticated request: the user the bearer token was issued to. */
public record CurrentUser(UUID id) {}
