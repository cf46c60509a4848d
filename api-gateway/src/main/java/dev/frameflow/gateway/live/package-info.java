/** Live status over server-sent events, for the page. */
package dev.frameflow.gateway.live;
