/**
 * Which frames to decode and how: the timeline of requested times, keyframes, and the strategy that
 * decodes the least.
 */
package dev.frameflow.extractor.plan;
