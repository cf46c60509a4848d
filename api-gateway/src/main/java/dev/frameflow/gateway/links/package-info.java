/** Signed download links for emails: one click, no sign-in, for a limited time. */
package dev.frameflow.gateway.links;
