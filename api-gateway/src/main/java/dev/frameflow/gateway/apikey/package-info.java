/** API keys with scopes (read, upload, account). */
package dev.frameflow.gateway.apikey;
