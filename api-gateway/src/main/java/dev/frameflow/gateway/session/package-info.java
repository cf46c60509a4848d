/** Browser sessions for the web page: a refresh cookie, checked against the page's own origin. */
package dev.frameflow.gateway.session;
