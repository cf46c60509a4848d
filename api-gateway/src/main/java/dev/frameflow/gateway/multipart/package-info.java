/** Streaming multipart reading: parts come straight from the request, never whole in memory. */
package dev.frameflow.gateway.multipart;
