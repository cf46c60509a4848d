/**
 * The frame-server: single frames and animated previews of a video on demand, rendered from the
 * presigned source URL each request brings (no S3 credential here), with a bounded frame cache, a
 * per-source probe cache and per-replica and per-owner render slots. {@link
 * dev.frameflow.extractor.frameserver.FrameService} is the plain Java API (the standalone mode
 * calls it in process); {@link dev.frameflow.extractor.frameserver.FrameServer} its HTTP face.
 */
package dev.frameflow.extractor.frameserver;
