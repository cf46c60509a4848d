/** What the stand-ins record for scripts/check-conformance, and which test made each call. */
package dev.frameflow.testing.conformance;
