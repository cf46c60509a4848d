/** One JSON object per log line when FRAMEFLOW_LOG_JSON is set, for log shippers. */
package dev.frameflow.operator.logging;
