/**
 * The signed-in user's account: its status, a password change or reset by mailed link, signing out
 * everywhere, and deletion with everything it owns.
 */
package dev.frameflow.gateway.account;
