/**
 * The in-process executor: runs the extractor library for queued videos, a few at a time, and
 * recovers unfinished ones at start.
 */
package dev.frameflow.standalone.execution;
