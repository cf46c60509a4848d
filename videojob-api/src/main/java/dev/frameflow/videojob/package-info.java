/**
 * The VideoJob custom resource: spec, status, names, label and annotation keys, and the validator
 * for what the CRD schema cannot check.
 */
package dev.frameflow.videojob;
