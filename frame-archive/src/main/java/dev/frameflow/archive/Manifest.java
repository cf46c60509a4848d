package dev.frameflow.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.slicing.SliceVideo;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code manifest.json}: the source and its metadata, the options, the mode and strategy, every
 * frame with its entry name, timestamp, requested timestamp and keyframe flag, and the storyboard
 * contact sheet and preview when there are. Streamed, so its size does not matter.
 */
public final class Manifest {

  private static final JsonFactory JSON = new JsonFactory();
  // every option, null when not given, as the manifest always listed them
  private static final ObjectMapper OPTIONS = new ObjectMapper();

  static {
    OPTIONS
        .configOverride(ExtractionOptions.class)
        .setInclude(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, null));
  }

  private Manifest() {}

  /** The frames as the manifest lists them, in order. */
  public interface Rows {
    int size();

    String file(int i);

    double timestamp(int i);

    double requestedTimestamp(int i);

    boolean keyframe(int i);
  }

  public static void write(
      OutputStream out,
      String source,
      SliceVideo video,
      ExtractionOptions options,
      String strategy,
      FrameLog frames,
      Extras extras)
      throws IOException {
    write(
        out,
        source,
        video,
        options,
        strategy,
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
            return frames.requested(i);
          }

          @Override
          public boolean keyframe(int i) {
            return frames.keyframe(i);
          }
        },
        extras);
  }

  /**
   * The same document from rows given by the caller: a sliced extraction's final step writes the
   * manifest from what the indexes published.
   */
  public static void write(
      OutputStream out,
      String source,
      SliceVideo video,
      ExtractionOptions options,
      String strategy,
      Rows frames)
      throws IOException {
    write(out, source, video, options, strategy, frames, Extras.NONE);
  }

  /** The document from rows, with the storyboard contact sheet and preview when there are. */
  public static void write(
      OutputStream out,
      String source,
      SliceVideo video,
      ExtractionOptions options,
      String strategy,
      Rows frames,
      Extras extras)
      throws IOException {
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("source", source);
      json.writeObjectFieldStart("video");
      // what a viewer sees: a player turning the video by 90 or 270 degrees swaps its sides
      boolean quarterTurned = video.rotation() % 180 != 0;
      json.writeStringField("container", video.container());
      json.writeStringField("codec", video.codec());
      json.writeNumberField("width", video.width());
      json.writeNumberField("height", video.height());
      json.writeNumberField("rotation", video.rotation());
      json.writeNumberField("displayWidth", quarterTurned ? video.height() : video.width());
      json.writeNumberField("displayHeight", quarterTurned ? video.width() : video.height());
      json.writeNumberField("frameRate", video.frameRate());
      json.writeNumberField("durationSeconds", video.durationSeconds());
      json.writeEndObject();
      // the options as the record writes itself: a new option is listed without a line here
      json.writeFieldName("options");
      OPTIONS.writeValue(json, options);
      json.writeStringField("mode", options.mode().id());
      json.writeStringField("strategy", strategy);
      json.writeNumberField("frameCount", frames.size());
      json.writeArrayFieldStart("frames");
      for (int i = 0; i < frames.size(); i++) {
        json.writeStartObject();
        json.writeNumberField("index", i + 1);
        json.writeStringField("file", frames.file(i));
        json.writeNumberField("timestamp", round(frames.timestamp(i)));
        json.writeNumberField("requestedTimestamp", round(frames.requestedTimestamp(i)));
        json.writeBooleanField("keyframe", frames.keyframe(i));
        json.writeEndObject();
      }
      json.writeEndArray();
      if (extras.storyboardVtt() != null) {
        json.writeObjectFieldStart("storyboard");
        json.writeStringField("vtt", extras.storyboardVtt());
        json.writeArrayFieldStart("sprites");
        for (String sprite : extras.storyboardSprites()) {
          json.writeString(sprite);
        }
        json.writeEndArray();
        json.writeNumberField("tiles", extras.storyboardTiles());
        json.writeEndObject();
      }
      if (extras.contactSheet() != null) {
        json.writeStringField("contactSheet", extras.contactSheet());
      }
      if (extras.preview() != null) {
        json.writeStringField("preview", extras.preview());
      }
      json.writeEndObject();
    }
  }

  /** The outputs besides the frames, when asked for (null / empty otherwise). */
  public record Extras(
      String storyboardVtt,
      java.util.List<String> storyboardSprites,
      int storyboardTiles,
      String contactSheet,
      String preview) {

    public static final Extras NONE = new Extras(null, java.util.List.of(), 0, null, null);

    /** The storyboard as listed, the rest unchanged. */
    public Extras withStoryboard(String vtt, java.util.List<String> sprites, int tiles) {
      return new Extras(vtt, sprites, tiles, contactSheet, preview);
    }

    /** The contact sheet's entry, the rest unchanged. */
    public Extras withContactSheet(String entry) {
      return new Extras(storyboardVtt, storyboardSprites, storyboardTiles, entry, preview);
    }

    /** The preview's entry, the rest unchanged. */
    public Extras withPreview(String entry) {
      return new Extras(storyboardVtt, storyboardSprites, storyboardTiles, contactSheet, entry);
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1_000_000) / 1_000_000.0;
  }
}
