package dev.frameflow.gateway.video;

import dev.frameflow.contracts.extraction.ImageFormat;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The multipart body of {@code POST /api/videos} as the OpenAPI document describes it, so that
 * Swagger UI's "Try it out" and generated clients can upload. Documentation only: the controller
 * streams the parts itself. The bounds are the contract's ({@code ExtractionLimits}).
 */
@Schema(name = "VideoUpload", description = "One or more videos and how to extract their frames")
record UploadForm(
    @ArraySchema(
            arraySchema = @Schema(description = "The videos (MP4/MOV, MKV/WebM, AVI, MPEG-TS)"),
            minItems = 1,
            schema = @Schema(type = "string", format = "binary"))
        List<String> file,
    @Schema(description = "Frames per second, > 0 and <= 120 (default 1); not with intervalSeconds")
        Double fps,
    @Schema(description = "One frame every N seconds, 1/120 to 86400; not with fps")
        Double intervalSeconds,
    @Schema(description = "Image format (default jpeg)") ImageFormat format,
    @Schema(description = "JPEG quality, 2 (best) to 31 (default 3)", minimum = "2", maximum = "31")
        Integer quality,
    @Schema(description = "The most frames to take", minimum = "1", maximum = "100000")
        Integer maxFrames,
    @Schema(description = "Frame width in pixels", minimum = "16", maximum = "7680") Integer width,
    @Schema(description = "Where to start, seconds from the beginning", minimum = "0") Double start,
    @Schema(description = "Where to stop, seconds from the beginning") Double end) {}
