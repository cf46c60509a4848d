/**
 * Wiring only: the beans that build the operator from its settings, its lifecycle and its health.
 */
package dev.frameflow.operator.config;
