/**
 * Who gets the next extraction slot: fair share by owner, decided the same way by the operator's
 * cap and the standalone executor, and a waiting video's place in the queue.
 */
package dev.frameflow.contracts.scheduling;
