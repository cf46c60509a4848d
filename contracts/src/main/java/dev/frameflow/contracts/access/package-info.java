/**
 * The access grant: the presigned URLs the operator hands one extraction pod, and until when they
 * work.
 */
package dev.frameflow.contracts.access;
