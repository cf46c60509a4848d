/**
 * The standalone mode: one process with its own database, object store and executor, started by
 * scripts/run.
 */
package dev.frameflow.standalone;
