/**
 * Publishes each video's outcome (video.status) exactly once, retrying until the broker confirms.
 */
package dev.frameflow.operator.outcome;
