/** RFC 9457 problem responses: one type per kind of error. */
package dev.frameflow.gateway.problem;
