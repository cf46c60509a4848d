/** The api-gateway application and the one exponential backoff its retries share. */
package dev.frameflow.gateway;
