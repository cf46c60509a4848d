package dev.frameflow.operator.reconciler;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.result.ExtractorResult;
import dev.frameflow.contracts.validation.ContractValidator;
import dev.frameflow.videojob.VideoJobResult;
import java.util.Optional;

/**
 * The extractor's {@link ExtractorResult}, read from the pod's termination message. Anything
 * unreadable or outside the contract yields empty: the pod's exit code and reason still tell what
 * happened.
 */
record TerminationMessage(VideoJobResult result, String reason) {

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  static Optional<TerminationMessage> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    ExtractorResult read;
    try {
      read = JSON.readValue(text, ExtractorResult.class);
    } catch (Exception e) {
      return Optional.empty();
    }
    if (read == null || !ContractValidator.check(read).isEmpty()) {
      return Optional.empty();
    }
    VideoJobResult result =
        new VideoJobResult(
            read.frames(),
            output(read.output()),
            read.bytes(),
            read.videoDurationSeconds(),
            read.elapsedMillis());
    return Optional.of(new TerminationMessage(result, read.reason()));
  }

  /** {@code "s3://bucket/key"}; anything else (a local path) is no S3 object. */
  static ObjectRef output(String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      return null;
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash > 0 && slash < rest.length() - 1) {
      return new ObjectRef(rest.substring(0, slash), rest.substring(slash + 1));
    }
    return null;
  }
}
