package dev.frameflow.extractor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.result.ExtractorResult;
import java.io.UncheckedIOException;

/**
 * Writes the contract's {@link ExtractorResult} as the JSON the operator reads from the pod's
 * termination message: every field, nulls included, in the record's order.
 */
final class ResultJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultJson() {}

  static String toJson(ExtractorResult result) {
    try {
      return JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
