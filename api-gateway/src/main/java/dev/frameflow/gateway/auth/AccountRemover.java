package dev.frameflow.gateway.auth;

import java.util.UUID;

/**
 * Deletes an account with everything it owns (implemented by the account package, which knows the
 * videos and their objects). Registration uses it to replace an unverified account whose address
 * the real owner has just confirmed.
 */
public interface AccountRemover {

  void delete(UUID userId);
}
