/**
 * Signed download links for emails: one click, no sign-in, for a limited time; and the public base
 * URL links start with.
 */
package dev.frameflow.gateway.links;
