package dev.frameflow.extractor.zip;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.plan.SamplingPlan;
import dev.frameflow.extractor.probe.VideoInfo;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code manifest.json}: the source and its metadata, the options, the strategy, and every frame
 * with its entry name, timestamp and requested timestamp. Streamed, so its size does not matter.
 */
public final class Manifest {

  private static final JsonFactory JSON = new JsonFactory();

  private Manifest() {}

  /** The frames as the manifest lists them, in order. */
  public interface Rows {
    int size();

    String file(int i);

    double timestamp(int i);

    double requestedTimestamp(int i);
  }

  public static void write(
      OutputStream out,
      String source,
      VideoInfo video,
      ExtractionOptions options,
      SamplingPlan plan,
      FrameLog frames)
      throws IOException {
    write(
        out,
        source,
        video,
        options,
        plan.strategy().name().toLowerCase(java.util.Locale.ROOT),
        new Rows() {
          @Override
          public int size() {
            return frames.size();
          }

          @Override
          public String file(int i) {
            return EntryNames.frame(i + 1, frames.timestamp(i), options.format());
          }

          @Override
          public double timestamp(int i) {
            return frames.timestamp(i);
          }

          @Override
          public double requestedTimestamp(int i) {
            return plan.timeline().time(frames.tick(i));
          }
        });
  }

  /**
   * The same document from rows given by the caller: a sliced extraction's final step writes the
   * manifest from what the indexes published.
   */
  public static void write(
      OutputStream out,
      String source,
      VideoInfo video,
      ExtractionOptions options,
      String strategy,
      Rows frames)
      throws IOException {
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("source", source);
      json.writeObjectFieldStart("video");
      json.writeStringField("container", video.container());
      json.writeStringField("codec", video.codec());
      json.writeNumberField("width", video.width());
      json.writeNumberField("height", video.height());
      json.writeNumberField("rotation", video.rotation());
      json.writeNumberField("displayWidth", video.displayWidth());
      json.writeNumberField("displayHeight", video.displayHeight());
      json.writeNumberField("frameRate", video.frameRate());
      json.writeNumberField("durationSeconds", video.durationSeconds());
      json.writeEndObject();
      json.writeObjectFieldStart("options");
      writeNullable(json, "fps", options.fps());
      writeNullable(json, "intervalSeconds", options.intervalSeconds());
      json.writeStringField("format", options.format().id());
      writeNullable(json, "quality", options.quality());
      writeNullable(json, "maxFrames", options.maxFrames());
      writeNullable(json, "width", options.width());
      writeNullable(json, "start", options.start());
      writeNullable(json, "end", options.end());
      json.writeEndObject();
      json.writeStringField("strategy", strategy);
      json.writeNumberField("frameCount", frames.size());
      json.writeArrayFieldStart("frames");
      for (int i = 0; i < frames.size(); i++) {
        json.writeStartObject();
        json.writeNumberField("index", i + 1);
        json.writeStringField("file", frames.file(i));
        json.writeNumberField("timestamp", round(frames.timestamp(i)));
        json.writeNumberField("requestedTimestamp", round(frames.requestedTimestamp(i)));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1_000_000) / 1_000_000.0;
  }

  private static void writeNullable(JsonGenerator json, String name, Number value)
      throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else if (value instanceof Integer i) {
      json.writeNumberField(name, i);
    } else {
      json.writeNumberField(name, value.doubleValue());
    }
  }
}
