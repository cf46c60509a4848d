/**
 * The frame-server: frames and animated previews on demand from a presigned source URL, its caches
 * (frames by bytes, probes by source, the sources kept open between renders by the bytes their
 * relays hold), render slots per replica and owner, and its HTTP face.
 */
package dev.frameflow.extractor.frameserver;
