/** One run's temporary directory and source relay, cleaned up when the run ends. */
package dev.frameflow.extractor.workspace;
