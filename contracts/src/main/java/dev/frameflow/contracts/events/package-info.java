/** The broker's events (video.uploaded, video.status, video.cancelled) and what they carry. */
package dev.frameflow.contracts.events;
