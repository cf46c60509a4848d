package dev.frameflow.operator.bridge;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.frameflow.contracts.events.VideoCancelledEvent;
import dev.frameflow.contracts.events.VideoUploadedEvent;
import dev.frameflow.contracts.validation.ContractValidator;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import dev.frameflow.videojob.VideoJobOwner;
import dev.frameflow.videojob.VideoJobSpec;
import dev.frameflow.videojob.VideoJobValidator;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads {@code video.uploaded} and {@code video.cancelled} into the contract's records and checks
 * them with the contract's validation (the same bounds as the VideoJob's schema), so a bad message
 * is dead-lettered here with a clear reason instead of being bounced by the API server. Unknown
 * fields are ignored: a newer producer may add optional ones.
 */
final class BridgeMessages {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  /** The fields of {@code video.uploaded} the VideoJob needs. */
  record Uploaded(String eventId, UUID videoId, VideoJobSpec spec) {}

  private BridgeMessages() {}

  static Uploaded uploaded(byte[] body) throws MalformedMessageException {
    VideoUploadedEvent event = read(body, VideoUploadedEvent.class);
    VideoJobSpec spec =
        new VideoJobSpec(
                event.videoId().toString(),
                new VideoJobOwner(event.owner().userId()),
                event.source(),
                event.output(),
                event.extraction(),
                null,
                null,
                null)
            .withSourceSize(event.sizeBytes());
    // what the reconciler would refuse is dead-lettered here, before a VideoJob exists
    List<Violation> invalid = VideoJobValidator.check(spec);
    if (!invalid.isEmpty()) {
      throw new MalformedMessageException(
          invalid.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
    return new Uploaded(event.eventId().toString(), event.videoId(), spec);
  }

  /** The {@code videoId} of a message that may be invalid otherwise; empty when it has none. */
  static java.util.Optional<UUID> videoIdOf(byte[] body) {
    try {
      var node = JSON.readTree(body);
      var id = node == null ? null : node.get("videoId");
      return id == null || !id.isTextual()
          ? java.util.Optional.empty()
          : java.util.Optional.of(UUID.fromString(id.asText()));
    } catch (IOException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  static UUID cancelledVideoId(byte[] body) throws MalformedMessageException {
    return read(body, VideoCancelledEvent.class).videoId();
  }

  private static <T> T read(byte[] body, Class<T> type) throws MalformedMessageException {
    T event;
    try {
      event = JSON.readValue(body, type);
    } catch (JsonMappingException e) {
      throw new MalformedMessageException(path(e) + " is not valid: " + e.getOriginalMessage());
    } catch (JacksonException e) {
      throw new MalformedMessageException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedMessageException("not JSON: " + e.getMessage());
    }
    if (event == null) {
      throw new MalformedMessageException("not a JSON object");
    }
    List<Violation> violations = ContractValidator.check(event);
    if (!violations.isEmpty()) {
      throw new MalformedMessageException(
          violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
    return event;
  }

  /** {@code extraction.format}: where in the message the value is that could not be read. */
  private static String path(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    return path.isEmpty() ? "the message" : path;
  }
}
