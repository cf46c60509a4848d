/**
 * What the upload and completion SLOs are computed from: upload requests by outcome,
 * upload-to-final-state time by size class.
 */
package dev.frameflow.gateway.slo;
