/**
 * The endpoint extraction pods call: their access grant, for a reviewed projected token, and their
 * progress reports.
 */
package dev.frameflow.operator.podapi;
