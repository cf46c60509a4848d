/** Thumbnail strips read from a finished ZIP with range requests. */
package dev.frameflow.gateway.thumbnails;
