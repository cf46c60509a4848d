/**
 * The Jobs a VideoJob runs as (one pod, Indexed slices, the probe), their extractor command line,
 * and the presigned access each pod is granted.
 */
package dev.frameflow.operator.job;
