/**
 * An S3-compatible store over a local folder (s3proxy, loopback only), so the standalone mode runs
 * the production storage code.
 */
package dev.frameflow.standalone.objectstore;
