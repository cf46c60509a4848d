/**
 * The broker's names (exchange, queues, dead-letter queues) and the depth of the dead-letter queues
 * as a metric.
 */
package dev.frameflow.contracts.topology;
