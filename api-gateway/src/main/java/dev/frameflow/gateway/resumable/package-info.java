/**
 * Resumable uploads (tus): creation, PATCHes into S3 parts, expiry and the sweep of abandoned
 * uploads.
 */
package dev.frameflow.gateway.resumable;
