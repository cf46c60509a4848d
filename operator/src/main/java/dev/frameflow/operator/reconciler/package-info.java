/**
 * The VideoJob reconciler: observe the caches, take the one step the observation calls for, record
 * the status.
 */
package dev.frameflow.operator.reconciler;
