package dev.frameflow.gateway.video;

import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_FPS_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_FRAMES_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_INTERVAL_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_OFFSET_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_QUALITY_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MAX_WIDTH_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MIN_INTERVAL_TEXT;
import static dev.frameflow.contracts.extraction.ExtractionLimits.MIN_QUALITY_TEXT;
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
            description = "Frames per second (default 1); not with intervalSeconds",
            exclusiveMinimumValue = 0,
            maximum = MAX_FPS_TEXT)
        Double fps,
    @Schema(
            description = "One frame every so many seconds; not with fps",
            minimum = MIN_INTERVAL_TEXT,
            maximum = MAX_INTERVAL_TEXT)
        Double intervalSeconds,
    @Schema(description = "Image format (default jpeg)") ImageFormat format,
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
        Double end) {}
