/**
 * The operator application: a Spring Boot process that runs the VideoJob reconciler, the bridge and
 * the pod endpoint.
 */
package dev.frameflow.operator;
