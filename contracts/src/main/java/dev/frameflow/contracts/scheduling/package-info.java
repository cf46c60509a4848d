/**
 * Who gets the next extraction slot: fair share by owner ({@link
 * dev.frameflow.contracts.scheduling.FairShare}), decided the same way by the operator's cap and
 * the standalone executor.
 */
package dev.frameflow.contracts.scheduling;
