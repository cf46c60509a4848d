/** A presigned multipart upload, as a pod or the CLI receives it. */
package dev.frameflow.contracts.upload;
