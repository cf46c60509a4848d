/**
 * Where a run reads its video and writes its ZIP: presigned URLs, S3 or local files, and the relay
 * that reads a source by ranges.
 */
package dev.frameflow.extractor.storage;
