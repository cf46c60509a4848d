/**
 * The extraction options, declared once: the record and its limits, the flat form (HTTP form,
 * query, tus metadata) and the extractor's fixed flags.
 */
package dev.frameflow.contracts.extraction;
