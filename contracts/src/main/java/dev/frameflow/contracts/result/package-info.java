/** The extractor's result: its JSON, its failure reasons and its exit codes. */
package dev.frameflow.contracts.result;
