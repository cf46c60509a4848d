/**
 * Streaming uploads in parts (SDK or presigned URLs), SigV4 query-string presigning, and the
 * services' AWS credentials.
 */
package dev.frameflow.objectstreams;
