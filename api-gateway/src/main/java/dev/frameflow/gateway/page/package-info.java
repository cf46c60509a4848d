/**
 * The web page's headers: a Content-Security-Policy that runs only our own scripts, and
 * revalidation so a new version is seen at once.
 */
package dev.frameflow.gateway.page;
