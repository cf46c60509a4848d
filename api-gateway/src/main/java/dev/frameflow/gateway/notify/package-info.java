/**
 * Notification emails: composed from templates, sent over SMTP (or to a mailbox folder) with
 * retries, and listed for their user.
 */
package dev.frameflow.gateway.notify;
