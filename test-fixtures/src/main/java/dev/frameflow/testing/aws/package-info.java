/**
 * AWS as EKS gives it: an STS stand-in for IRSA, the keys it issued, and the S3 request recorder
 * that attributes each request to its signer.
 */
package dev.frameflow.testing.aws;
