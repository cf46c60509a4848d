package dev.frameflow.extractor.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The result the operator reads from the pod's termination message ({@code /dev/termination-log}
 * holds at most 4 KiB, so the reason is cut to keep the whole under {@link #MAX_BYTES}).
 */
record ResultJson(
    String status,
    int exitCode,
    int frames,
    String output,
    long bytes,
    Double videoDurationSeconds,
    long elapsedMillis,
    String reason) {

  static final int MAX_BYTES = 4096;
  static final int MAX_REASON_CHARS = 1000;
  private static final int MAX_OUTPUT_CHARS = 2048;

  static ResultJson succeeded(
      int frames, String output, long bytes, double duration, long elapsedMillis) {
    return new ResultJson("succeeded", 0, frames, output, bytes, duration, elapsedMillis, null);
  }

  static ResultJson failed(
      int exitCode, String output, Double duration, long elapsedMillis, String reason) {
    return new ResultJson("failed", exitCode, 0, output, 0, duration, elapsedMillis, reason);
  }

  String toJson() {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("status", status);
      json.writeNumberField("exitCode", exitCode);
      json.writeNumberField("frames", frames);
      json.writeStringField("output", cut(output, MAX_OUTPUT_CHARS));
      json.writeNumberField("bytes", bytes);
      if (videoDurationSeconds == null) {
        json.writeNullField("videoDurationSeconds");
      } else {
        json.writeNumberField("videoDurationSeconds", videoDurationSeconds);
      }
      json.writeNumberField("elapsedMillis", elapsedMillis);
      json.writeStringField("reason", cut(reason, MAX_REASON_CHARS));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - 1) + "…";
  }
}
