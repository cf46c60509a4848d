/** The progress report an extraction pod sends to the operator while it runs. */
package dev.frameflow.contracts.progress;
