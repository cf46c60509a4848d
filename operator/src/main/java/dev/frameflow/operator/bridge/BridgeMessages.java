package dev.frameflow.operator.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.operator.videojob.Extraction;
import dev.frameflow.operator.videojob.ImageFormat;
import dev.frameflow.operator.videojob.Owner;
import dev.frameflow.operator.videojob.S3ObjectRef;
import dev.frameflow.operator.videojob.VideoJobSpec;
import java.util.Locale;
import java.util.UUID;

/**
 * Reads {@code video.uploaded} and {@code video.cancelled} (docs/events.md) and checks them as
 * strictly as the VideoJob's OpenAPI schema does, so a bad message is dead-lettered here with a
 * clear reason instead of being bounced by the API server.
 */
final class BridgeMessages {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The fields of {@code video.uploaded} the VideoJob needs. */
  record Uploaded(String eventId, UUID videoId, VideoJobSpec spec) {}

  private BridgeMessages() {}

  static Uploaded uploaded(byte[] body) throws MalformedMessageException {
    JsonNode root = parse(body, MessagingTopology.UPLOADED);
    String eventId = text(root, "eventId");
    UUID videoId = uuid(root, "videoId");
    JsonNode owner = object(root, "owner");
    JsonNode extraction = object(root, "extraction");
    Double fps = positiveNumber(extraction, "fps");
    Double interval = positiveNumber(extraction, "intervalSeconds");
    if ((fps == null) == (interval == null)) {
      throw new MalformedMessageException(
          "extraction: exactly one of fps and intervalSeconds must be set");
    }
    Integer quality = optionalInt(extraction, "quality", 2, 31);
    VideoJobSpec spec =
        new VideoJobSpec(
            videoId.toString(),
            new Owner(text(owner, "userId"), optionalText(owner, "email")),
            objectRef(root, "source"),
            objectRef(root, "output"),
            new Extraction(
                fps,
                interval,
                format(extraction),
                quality,
                optionalInt(extraction, "maxFrames", 1, Integer.MAX_VALUE),
                optionalInt(extraction, "width", 16, 7680)),
            null,
            null,
            null);
    return new Uploaded(eventId, videoId, spec);
  }

  static UUID cancelledVideoId(byte[] body) throws MalformedMessageException {
    return uuid(parse(body, MessagingTopology.CANCELLED), "videoId");
  }

  private static JsonNode parse(byte[] body, String expectedType) throws MalformedMessageException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new MalformedMessageException("not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new MalformedMessageException("not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedMessageException("not a JSON object");
    }
    String type = root.path("type").asText(null);
    if (type != null && !expectedType.equals(type)) {
      throw new MalformedMessageException("type is " + type + ", expected " + expectedType);
    }
    return root;
  }

  private static String text(JsonNode node, String field) throws MalformedMessageException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new MalformedMessageException(field + " is missing or not a string");
    }
    return value.asText();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static UUID uuid(JsonNode node, String field) throws MalformedMessageException {
    String text = text(node, field);
    try {
      UUID id = UUID.fromString(text);
      if (!id.toString().equals(text.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException();
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(field + " is not a UUID: " + text);
    }
  }

  private static JsonNode object(JsonNode node, String field) throws MalformedMessageException {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new MalformedMessageException(field + " is missing or not an object");
    }
    return value;
  }

  private static S3ObjectRef objectRef(JsonNode node, String field)
      throws MalformedMessageException {
    JsonNode ref = object(node, field);
    String bucket = text(ref, "bucket");
    String key = text(ref, "key");
    if (bucket.length() < 3 || bucket.length() > 63 || key.length() > 1024) {
      throw new MalformedMessageException(field + ": bucket or key has an invalid length");
    }
    return new S3ObjectRef(bucket, key);
  }

  private static Double positiveNumber(JsonNode node, String field)
      throws MalformedMessageException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber() || value.asDouble() <= 0) {
      throw new MalformedMessageException("extraction." + field + " must be a number > 0");
    }
    return value.asDouble();
  }

  private static Integer optionalInt(JsonNode node, String field, int min, int max)
      throws MalformedMessageException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new MalformedMessageException("extraction." + field + " must be an integer");
    }
    int v = value.asInt();
    if (v < min || v > max) {
      throw new MalformedMessageException(
          "extraction." + field + " must be between " + min + " and " + max + ", was " + v);
    }
    return v;
  }

  private static ImageFormat format(JsonNode extraction) throws MalformedMessageException {
    JsonNode value = extraction.get("format");
    if (value == null || value.isNull()) {
      return ImageFormat.JPEG;
    }
    return switch (value.asText()) {
      case "jpeg" -> ImageFormat.JPEG;
      case "png" -> ImageFormat.PNG;
      default ->
          throw new MalformedMessageException(
              "extraction.format must be jpeg or png, was " + value.asText());
    };
  }
}
