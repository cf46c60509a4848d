/** Who may call what: bearer tokens and API keys, public routes, and the JSON body limit. */
package dev.frameflow.gateway.security;
