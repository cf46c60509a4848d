package dev.frameflow.gateway.resumable;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.video.UploadOptions;
import dev.frameflow.gateway.video.UploadReceiver;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tus {@code Upload-Metadata} header: comma-separated {@code key base64(value)} pairs. {@code
 * filename} (or {@code name}) and {@code filetype} (or {@code type}) describe the file, as tus
 * clients send them; every other key is an extraction option, read and checked exactly as the form
 * upload's fields ({@link UploadOptions}): an unknown key or a value out of the contract's bounds
 * is a 400 naming it, before anything is stored.
 */
record UploadMetadata(String fileName, String contentType, ExtractionOptions options) {

  static final int MAX_LENGTH = 4096;
  private static final int MAX_VALUE_BYTES = 1024;

  static UploadMetadata parse(String header) {
    Map<String, String> pairs = pairs(header);
    String fileName = first(pairs, "filename", "name");
    String contentType = first(pairs, "filetype", "type");
    UploadOptions options = new UploadOptions();
    pairs.forEach(options::add);
    return new UploadMetadata(
        fileName == null ? null : UploadReceiver.safe(fileName),
        contentType == null || contentType.isBlank() ? null : clip(contentType.strip()),
        options.checked());
  }

  private static Map<String, String> pairs(String header) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (header == null || header.isBlank()) {
      return pairs;
    }
    if (header.length() > MAX_LENGTH) {
      throw ApiProblem.badRequest("Upload-Metadata is longer than " + MAX_LENGTH + " characters");
    }
    for (String pair : header.split(",")) {
      String[] parts = pair.strip().split(" ", -1);
      if (parts.length > 2 || parts[0].isEmpty()) {
        throw ApiProblem.badRequest(
            "Upload-Metadata must be comma-separated 'key base64value' pairs");
      }
      String key = parts[0];
      String value = parts.length == 2 ? decode(key, parts[1]) : "";
      if (pairs.putIfAbsent(key, value) != null) {
        throw ApiProblem.badRequest(
            "Upload-Metadata gives '" + UploadReceiver.safe(key) + "' twice");
      }
    }
    return pairs;
  }

  private static String decode(String key, String value) {
    try {
      byte[] bytes = Base64.getDecoder().decode(value);
      if (bytes.length > MAX_VALUE_BYTES) {
        throw ApiProblem.badRequest(
            "Upload-Metadata value of '" + UploadReceiver.safe(key) + "' is too long");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(
          "Upload-Metadata value of '" + UploadReceiver.safe(key) + "' is not base64");
    }
  }

  /** Removes the first of the keys present and returns its value; the others are removed too. */
  private static String first(Map<String, String> pairs, String... keys) {
    String found = null;
    for (String key : keys) {
      String value = pairs.remove(key);
      if (found == null) {
        found = value;
      }
    }
    return found;
  }

  private static String clip(String value) {
    String cleaned = value.replaceAll("[\\p{Cntrl}]", "_");
    return cleaned.length() > 255 ? cleaned.substring(0, 255) : cleaned;
  }
}
