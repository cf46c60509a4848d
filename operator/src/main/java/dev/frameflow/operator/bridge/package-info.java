/**
 * RabbitMQ to Kubernetes: video.uploaded becomes a VideoJob, video.cancelled deletes it and leaves
 * a tombstone.
 */
package dev.frameflow.operator.bridge;
