/** Bean Validation of the contracts, with bounds declared once on the record components. */
package dev.frameflow.contracts.validation;
