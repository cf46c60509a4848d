/** The OpenAPI document, with the upload form generated from the extraction options. */
package dev.frameflow.gateway.apidocs;
