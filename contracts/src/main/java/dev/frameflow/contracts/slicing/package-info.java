/**
 * How one long video is cut into time slices: the plan, each slice's index of frames, and the
 * objects a slice writes.
 */
package dev.frameflow.contracts.slicing;
