/**
 * One long video across many pods: when to slice, the Indexed Job's slices, and the final assembly
 * of their parts into one ZIP.
 */
package dev.frameflow.operator.slicing;
