/**
 * Accounts: registration, email verification, login with throttling, passwords and JWT access and
 * refresh tokens.
 */
package dev.frameflow.gateway.auth;
