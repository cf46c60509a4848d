package dev.frameflow.gateway.video;

import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_FPS_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_FRAMES_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_GRID_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_INTERVAL_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_OFFSET_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_QUALITY_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_TILE_WIDTH_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_WIDTH_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MIN_INTERVAL_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MIN_QUALITY_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MIN_STORYBOARD_INTERVAL_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MIN_TILE_WIDTH_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MIN_WIDTH_TEXT;

import dev.frameflow.contracts.extraction.ImageFormat;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The multipart body of {@code POST /api/videos} as the OpenAPI document describes it, so that
 * Swagger UI's "Try it out" and generated clients can upload. Documentation only: the controller
 * streams the parts itself. The bounds are the contract's {@code ExtractionLimits}.
 */
@Schema(name = "VideoUpload", description = "One or more videos and how to extract their frames")
record UploadForm(
    @ArraySchema(
            arraySchema = @Schema(description = "The videos (MP4/MOV, MKV/WebM, AVI, MPEG-TS)"),
            minItems = 1,
            schema = @Schema(type = "string", format = "binary"))
        List<String> file,
    @Schema(
            description =
                "Frames per second (default 1 when no mode is given). Modes, give one at most:"
                    + " fps, intervalSeconds, count, timestamps, keyframes, scene",
            exclusiveMinimumValue = 0,
            maximum = MAX_FPS_TEXT)
        Double fps,
    @Schema(
            description = "Mode: one frame every so many seconds",
            minimum = MIN_INTERVAL_TEXT,
            maximum = MAX_INTERVAL_TEXT)
        Double intervalSeconds,
    @Schema(description = "Image format: jpeg (default), png or webp") ImageFormat format,
    @Schema(
            description = "JPEG quality, 2 is best (default 3)",
            minimum = MIN_QUALITY_TEXT,
            maximum = MAX_QUALITY_TEXT)
        Integer quality,
    @Schema(description = "The most frames to take", minimum = "1", maximum = MAX_FRAMES_TEXT)
        Integer maxFrames,
    @Schema(
            description = "Frame width in pixels; the height keeps the aspect ratio",
            minimum = MIN_WIDTH_TEXT,
            maximum = MAX_WIDTH_TEXT)
        Integer width,
    @Schema(
            description = "Where to start, seconds from the beginning",
            minimum = "0",
            maximum = MAX_OFFSET_TEXT)
        Double start,
    @Schema(description = "Where to stop, seconds from the beginning", maximum = MAX_OFFSET_TEXT)
        Double end,
    @Schema(
            description =
                "Mode: so many frames evenly spaced over the video (or start..end), the first at"
                    + " the start",
            minimum = "1",
            maximum = MAX_FRAMES_TEXT)
        Integer count,
    @Schema(
            description =
                "Mode: times to take frames at, comma-separated, in seconds or percent of the"
                    + " duration (at most 1000), e.g. 12.5,50%",
            example = "12.5,50%")
        String timestamps,
    @Schema(description = "Mode: true for the keyframes alone") Boolean keyframes,
    @Schema(description = "Mode: true for the first frame and each scene change") Boolean scene,
    @Schema(
            description = "With scene: the change of picture that starts a scene (default 0.3)",
            minimum = "0",
            maximum = "1")
        Double sceneThreshold,
    @Schema(
            description = "With keyframes or scene: at least so many seconds between two frames",
            minimum = "0",
            maximum = MAX_INTERVAL_TEXT)
        Double minIntervalSeconds,
    @Schema(description = "true: also a storyboard (sprites and a WebVTT index) in the ZIP")
        Boolean storyboard,
    @Schema(
            description = "Storyboard: seconds between two tiles (default 10)",
            minimum = MIN_STORYBOARD_INTERVAL_TEXT,
            maximum = MAX_INTERVAL_TEXT)
        Double storyboardIntervalSeconds,
    @Schema(
            description = "Storyboard: tile width in pixels (default 160)",
            minimum = MIN_TILE_WIDTH_TEXT,
            maximum = MAX_TILE_WIDTH_TEXT)
        Integer storyboardTileWidth,
    @Schema(
            description = "Storyboard: tiles across a sprite (default 10)",
            minimum = "1",
            maximum = MAX_GRID_TEXT)
        Integer storyboardColumns,
    @Schema(
            description = "Storyboard: tiles down a sprite (default 10)",
            minimum = "1",
            maximum = MAX_GRID_TEXT)
        Integer storyboardRows,
    @Schema(description = "true: also contact-sheet.jpg, the frames with their timestamps")
        Boolean contactSheet) {}
