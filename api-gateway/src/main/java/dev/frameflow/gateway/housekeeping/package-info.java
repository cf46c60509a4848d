/**
 * Deletes rows that have served their purpose (de-duplication records, throttle windows,
 * idempotency answers, expired tokens), so no table grows without bound.
 */
package dev.frameflow.gateway.housekeeping;
