/**
 * Frames on demand in the standalone mode: the gateway's frame renderer served in process by the
 * extractor library's frame service, reading the local store through presigned URLs as the
 * frame-server does.
 */
package dev.frameflow.standalone.frames;
