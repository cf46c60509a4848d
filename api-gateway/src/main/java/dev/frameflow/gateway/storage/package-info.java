/** S3: streaming stores, presigned downloads, and the client built from frameflow.s3. */
package dev.frameflow.gateway.storage;
