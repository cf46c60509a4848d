package dev.frameflow.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.operator.videojob.ExtractionResult;
import dev.frameflow.operator.videojob.S3ObjectRef;
import java.util.Optional;

/**
 * The extractor's result JSON, read from the pod's termination message: {@code
 * {"status","exitCode","frames","output","bytes","videoDurationSeconds","elapsedMillis","reason"}}.
 * Anything unreadable yields empty: the pod's exit code and reason still tell what happened.
 */
record TerminationMessage(ExtractionResult result, String reason) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Optional<TerminationMessage> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      ExtractionResult result =
          new ExtractionResult(
              intOrNull(node, "frames"),
              output(node.get("output")),
              longOrNull(node, "bytes"),
              node.hasNonNull("videoDurationSeconds")
                  ? node.get("videoDurationSeconds").asDouble()
                  : null,
              longOrNull(node, "elapsedMillis"));
      String reason = node.hasNonNull("reason") ? node.get("reason").asText() : null;
      return Optional.of(new TerminationMessage(result, reason));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static Integer intOrNull(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asInt() : null;
  }

  private static Long longOrNull(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asLong() : null;
  }

  /** {@code "s3://bucket/key"} or {@code {"bucket":..,"key":..}}. */
  static S3ObjectRef output(JsonNode output) {
    if (output == null || output.isNull()) {
      return null;
    }
    if (output.isObject() && output.hasNonNull("bucket") && output.hasNonNull("key")) {
      return new S3ObjectRef(output.get("bucket").asText(), output.get("key").asText());
    }
    String text = output.asText();
    if (text.startsWith("s3://")) {
      String rest = text.substring("s3://".length());
      int slash = rest.indexOf('/');
      if (slash > 0 && slash < rest.length() - 1) {
        return new S3ObjectRef(rest.substring(0, slash), rest.substring(slash + 1));
      }
    }
    return null;
  }
}
