package dev.frameflow.gateway.video;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.multipart.MultipartReader;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import dev.frameflow.gateway.storage.ObjectStorage;
import dev.frameflow.gateway.tracing.VideoSpans;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/videos}: a multipart body with one or more files and the extraction options as
 * form fields (before or after the files) or query parameters. Parts are read as a stream (Spring's
 * multipart resolver is off, it would spool files to disk) and each file goes straight into S3. The
 * request is all or nothing: if any file is refused or the body breaks off, the objects already
 * stored are deleted and no video is created; the videos of one request are registered in one
 * transaction. Before any byte is read: the user's quota (429), a slot among the uploads this
 * replica's heap holds (503), and an {@code Idempotency-Key} seen before (the first answer again).
 */
@RestController
public class VideoUploadController {

  private static final Logger log = LoggerFactory.getLogger(VideoUploadController.class);
  private static final int MAX_FIELD_BYTES = 256;
  private static final int MAX_CONTENT_TYPE = 255; // video.content_type
  private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]*");
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String IDEMPOTENT_REPLAY = "Idempotent-Replayed";

  private final UploadReceiver receiver;
  private final VideoService videos;
  private final ObjectStorage storage;
  private final UploadProperties limits;
  private final UploadAdmission admission;
  private final UserQuota quota;
  private final IdempotencyKeys idempotency;
  private final JsonMapper json;
  private final DistributionSummary uploadBytes;
  private final MeterRegistry meters;
  private final VideoSpans spans;

  public VideoUploadController(
      UploadReceiver receiver,
      VideoService videos,
      ObjectStorage storage,
      UploadProperties limits,
      UploadAdmission admission,
      UserQuota quota,
      IdempotencyKeys idempotency,
      JsonMapper json,
      MeterRegistry meters,
      VideoSpans spans) {
    this.spans = spans;
    this.receiver = receiver;
    this.videos = videos;
    this.storage = storage;
    this.limits = limits;
    this.admission = admission;
    this.quota = quota;
    this.idempotency = idempotency;
    this.json = json;
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
          "multipart/form-data with one or more file parts named file; the extraction options as"
              + " form fields (before or after the files) or as query parameters",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                      schema = @Schema(ref = UploadFormSchema.REF))))
  @PostMapping("/api/videos")
  public ResponseEntity<?> upload(
      HttpServletRequest request,
      HttpServletResponse response,
      @AuthenticationPrincipal CurrentUser user,
      @Parameter(description = "Repeats with the same key within 24 h get the first answer")
          @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
          String idempotencyKey) {
    if (!MultipartReader.isMultipartFormData(request.getContentType())) {
      throw refused(
          response, ApiProblem.unsupportedMediaType("send the videos as multipart/form-data"));
    }
    String key = idempotencyKey == null ? null : IdempotencyKeys.validated(idempotencyKey);
    if (key != null) {
      Optional<IdempotencyKeys.StoredResponse> earlier;
      try {
        earlier = idempotency.claim(user.id(), key, identity(request));
      } catch (ApiProblem inUse) {
        throw refused(response, inUse);
      }
      if (earlier.isPresent()) {
        // the body is not read: close the connection rather than drain it
        response.setHeader(HttpHeaders.CONNECTION, "close");
        return replay(earlier.get());
      }
    }
    boolean accepted = false;
    try {
      quota.check(user.id(), request.getContentLengthLong());
      try (UploadAdmission.Slot slot = admission.admit(user.id())) {
        ResponseEntity<UploadResponse> answer = receiveAndRegister(request, user, key);
        accepted = true;
        return answer;
      }
    } catch (ApiProblem problem) {
      throw refused(response, problem);
    } finally {
      if (key != null && !accepted) {
        idempotency.release(user.id(), key);
      }
    }
  }

  /**
   * What binds an Idempotency-Key to this upload before its body is read: the options in the query
   * string and the declared length (a client's retry sends the same body; another file almost
   * always has another length). Form fields and file bytes are not known yet.
   */
  private static IdempotencyKeys.Request identity(HttpServletRequest request) {
    return IdempotencyKeys.Request.of(
        "POST",
        "/api/videos",
        request.getQueryString(),
        Long.toString(request.getContentLengthLong()));
  }

  // an upload refused before or while its body is read: the rest of the body is not drained
  private static ApiProblem refused(HttpServletResponse response, ApiProblem problem) {
    return UnreadBody.refuse(response, problem);
  }

  private ResponseEntity<String> replay(IdempotencyKeys.StoredResponse stored) {
    JsonNode body = json.readTree(stored.body());
    JsonNode first = body.path("videos").path(0).path("location");
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(stored.status())
            .contentType(MediaType.APPLICATION_JSON)
            .header(IDEMPOTENT_REPLAY, "true");
    if (first.isString()) {
      answer.location(URI.create(first.asString()));
    }
    return answer.body(stored.body());
  }

  /**
   * The upload as a span ({@code video.upload}): the storing of each file and the registration are
   * its children, and the outbox rows keep its context, so the video's trace begins here.
   */
  private ResponseEntity<UploadResponse> receiveAndRegister(
      HttpServletRequest request, CurrentUser user, String key) {
    Span span = spans.start("video.upload", SpanKind.INTERNAL, null);
    try (var scope = span.makeCurrent()) {
      return receiveAndRegisterInSpan(request, user, key);
    } catch (RuntimeException e) {
      VideoSpans.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  private ResponseEntity<UploadResponse> receiveAndRegisterInSpan(
      HttpServletRequest request, CurrentUser user, String key) {
    Timer.Sample timing = Timer.start(meters);
    String outcome = "error";
    List<StoredUpload> stored = new ArrayList<>();
    List<Video> created = new ArrayList<>();
    try {
      ExtractionOptions options = receiveFiles(request, stored);
      created.addAll(
          videos.registerAll(
              user.id(),
              stored,
              options,
              registered -> {
                if (key != null) {
                  idempotency.complete(
                      user.id(),
                      key,
                      HttpStatus.ACCEPTED.value(),
                      json.writeValueAsString(
                          new UploadResponse(registered.stream().map(VideoView::of).toList())));
                }
              }));
      outcome = "accepted";
    } catch (ApiProblem problem) {
      outcome = "refused";
      throw problem;
    } catch (MultipartReader.TooMuchOutsideFilesException e) {
      outcome = "refused";
      throw ApiProblem.of(ProblemType.CONTENT_TOO_LARGE, e.getMessage());
    } catch (IOException e) {
      if (ThroughputGuard.clientTooSlow(e)) {
        outcome = "too-slow";
        log.info("upload cut: {}", e.getMessage());
        throw ApiProblem.of(ProblemType.UPLOAD_TOO_SLOW, "the upload was too slow and was cut off");
      }
      outcome = "interrupted";
      log.info("upload broke off: {}", e.toString());
      throw ApiProblem.of(
          ProblemType.MALFORMED_MULTIPART, "the upload was cut off or is not valid multipart data");
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

  /**
   * Streams every file part to S3 and gathers the options from the query string and the form
   * fields, before or after the files. What is known before the first file is checked before that
   * file is read (a wrong option costs no upload); the whole set is checked at the end.
   */
  private ExtractionOptions receiveFiles(HttpServletRequest request, List<StoredUpload> stored)
      throws IOException {
    String boundary =
        MultipartReader.boundaryOf(request.getContentType())
            .orElseThrow(() -> ApiProblem.badRequest("the multipart Content-Type has no boundary"));
    UploadOptions options = new UploadOptions();
    queryParameters(request).forEach(options::add);
    InputStream body = ThroughputGuard.of(request.getInputStream(), limits);
    MultipartReader parts = new MultipartReader(body, boundary, limits.maxNonFileBytes().toBytes());
    for (MultipartReader.Part part = parts.next(); part != null; part = parts.next()) {
      checkHeaders(part);
      if (!part.isFile()) {
        options.add(part.fieldName(), readField(part));
        continue;
      }
      if (part.fileName().isEmpty()) {
        continue; // an empty file input in an HTML form
      }
      if (stored.size() >= limits.maxFiles()) {
        throw ApiProblem.badRequest("at most " + limits.maxFiles() + " files per request");
      }
      if (stored.isEmpty()) {
        options.checked();
      }
      stored.add(
          receiver.receive(part.body(), UploadReceiver.safe(part.fileName()), part.contentType()));
    }
    if (stored.isEmpty()) {
      throw ApiProblem.badRequest("the request has no file");
    }
    return options.checked();
  }

  /** The query string, decoded; read by hand so that the servlet never parses the body. */
  private static Map<String, String> queryParameters(HttpServletRequest request) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = request.getQueryString();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), UTF_8);
      if (parameters.putIfAbsent(name, value) != null) {
        throw ApiProblem.badRequest(
            "the parameter '" + UploadReceiver.safe(name) + "' is given twice");
      }
    }
    return parameters;
  }

  /** Part headers end up in the database: refused (400) before any byte is stored. */
  private static void checkHeaders(MultipartReader.Part part) {
    if (part.fieldName() == null || part.fieldName().isBlank()) {
      throw ApiProblem.of(ProblemType.INVALID_PART_HEADER, "a part has no name");
    }
    if (part.fieldName().length() > MAX_FIELD_BYTES) {
      throw ApiProblem.of(ProblemType.INVALID_PART_HEADER, "a part's name is too long");
    }
    String type = part.contentType();
    if (type != null && (type.length() > MAX_CONTENT_TYPE || !PRINTABLE.matcher(type).matches())) {
      throw ApiProblem.of(
          ProblemType.INVALID_PART_HEADER,
          "a part's Content-Type must be at most "
              + MAX_CONTENT_TYPE
              + " printable ASCII characters");
    }
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
