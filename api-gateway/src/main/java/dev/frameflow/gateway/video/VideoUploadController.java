package dev.frameflow.gateway.video;

import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.storage.ObjectStorage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/videos}: a multipart body with option fields first, then one or more files.
 * Parts are read as a stream (Spring's multipart resolver is off, it would spool files to disk) and
 * each file goes straight into S3. The request is all or nothing: if any file is refused or the
 * body breaks off, the objects already stored are deleted and no video is created.
 */
@RestController
public class VideoUploadController {

  private static final Logger log = LoggerFactory.getLogger(VideoUploadController.class);
  private static final int MAX_FIELD_BYTES = 256;

  private final UploadReceiver receiver;
  private final VideoService videos;
  private final ObjectStorage storage;
  private final UploadProperties limits;
  private final DistributionSummary uploadBytes;
  private final MeterRegistry meters;

  public VideoUploadController(
      UploadReceiver receiver,
      VideoService videos,
      ObjectStorage storage,
      UploadProperties limits,
      MeterRegistry meters) {
    this.receiver = receiver;
    this.videos = videos;
    this.storage = storage;
    this.limits = limits;
    this.meters = meters;
    this.uploadBytes =
        DistributionSummary.builder("frameflow.upload.bytes")
            .baseUnit("bytes")
            .description("size of each uploaded video file")
            .register(meters);
  }

  public record UploadResponse(List<VideoView> videos) {}

  @Operation(
      summary = "Upload one or more videos",
      description =
          "multipart/form-data: optional fields fps | intervalSeconds, format, quality, maxFrames,"
              + " width (before the files), then one or more file parts")
  @PostMapping("/api/videos")
  public ResponseEntity<UploadResponse> upload(
      HttpServletRequest request, @AuthenticationPrincipal CurrentUser user) {
    if (!MultipartReader.isMultipartFormData(request.getContentType())) {
      throw ApiProblem.unsupportedMediaType("send the videos as multipart/form-data");
    }
    Timer.Sample timing = Timer.start(meters);
    String outcome = "error";
    List<StoredUpload> stored = new ArrayList<>();
    List<Video> created = new ArrayList<>();
    try {
      ExtractionOptions options = receiveFiles(request, stored);
      for (StoredUpload upload : stored) {
        created.add(videos.register(user.id(), upload, options));
      }
      outcome = "accepted";
    } catch (ApiProblem problem) {
      outcome = "refused";
      throw problem;
    } catch (IOException e) {
      outcome = "interrupted";
      log.info("upload broke off: {}", e.toString());
      throw ApiProblem.badRequest("the upload was cut off or is not valid multipart data");
    } finally {
      discardUnregistered(stored, created);
      timing.stop(meters.timer("frameflow.upload.duration", "outcome", outcome));
    }
    stored.forEach(upload -> uploadBytes.record(upload.sizeBytes()));
    List<VideoView> views = created.stream().map(VideoView::of).toList();
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create(views.get(0).location()))
        .body(new UploadResponse(views));
  }

  private ExtractionOptions receiveFiles(HttpServletRequest request, List<StoredUpload> stored)
      throws IOException {
    String boundary =
        MultipartReader.boundaryOf(request.getContentType())
            .orElseThrow(() -> ApiProblem.badRequest("the multipart Content-Type has no boundary"));
    MultipartReader parts = new MultipartReader(request.getInputStream(), boundary);
    Map<String, String> fields = new HashMap<>();
    ExtractionOptions options = null;
    for (MultipartReader.Part part = parts.next(); part != null; part = parts.next()) {
      if (!part.isFile()) {
        if (options != null) {
          throw ApiProblem.badRequest("send the option fields before the files");
        }
        if (!ExtractionOptions.FIELDS.contains(part.fieldName())) {
          throw ApiProblem.badRequest(
              "unknown field '" + UploadReceiver.safe(part.fieldName()) + "'");
        }
        fields.put(part.fieldName(), readField(part));
        continue;
      }
      if (part.fileName().isEmpty()) {
        continue; // an empty file input in an HTML form
      }
      if (stored.size() >= limits.maxFiles()) {
        throw ApiProblem.badRequest("at most " + limits.maxFiles() + " files per request");
      }
      if (options == null) {
        options = ExtractionOptions.fromFields(fields);
      }
      stored.add(
          receiver.receive(part.body(), UploadReceiver.safe(part.fileName()), part.contentType()));
    }
    if (stored.isEmpty()) {
      throw ApiProblem.badRequest("the request has no file");
    }
    return options;
  }

  private static String readField(MultipartReader.Part part) throws IOException {
    byte[] value = part.body().readNBytes(MAX_FIELD_BYTES + 1);
    if (value.length > MAX_FIELD_BYTES) {
      throw ApiProblem.badRequest("the field '" + part.fieldName() + "' is too long");
    }
    return new String(value, StandardCharsets.UTF_8);
  }

  private void discardUnregistered(List<StoredUpload> stored, List<Video> created) {
    for (int i = created.size(); i < stored.size(); i++) {
      try {
        storage.delete(stored.get(i).source());
      } catch (RuntimeException e) {
        log.warn("could not delete orphan upload {}", stored.get(i).source().key(), e);
      }
    }
  }
}
