/**
 * Videos: streaming upload, URL import, listing, detail, download, cancel and delete, with their
 * guards and quotas.
 */
package dev.frameflow.gateway.video;
