/**
 * The command line (extract, probe, slice, assemble, serve), its access grant and progress reports,
 * and its result file.
 */
package dev.frameflow.extractor.cli;
