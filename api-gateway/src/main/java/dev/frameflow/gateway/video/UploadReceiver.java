package dev.frameflow.gateway.video;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import dev.frameflow.gateway.storage.ObjectStorage;
import dev.frameflow.gateway.storage.StorageProperties;
import dev.frameflow.gateway.tracing.VideoSpans;
import dev.frameflow.objectstreams.ObjectTooLargeException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Takes one file part of an upload: checks its first bytes, then streams it into S3 under a key
 * made from a fresh video id. The client's file name is kept as metadata only. The storing is a
 * span ({@code video.store}) with the new video's id.
 */
@Component
public class UploadReceiver {

  private final ObjectStorage storage;
  private final StorageProperties s3;
  private final UploadProperties limits;
  private final VideoSpans spans;

  public UploadReceiver(
      ObjectStorage storage, StorageProperties s3, UploadProperties limits, VideoSpans spans) {
    this.spans = spans;
    this.storage = storage;
    this.s3 = s3;
    this.limits = limits;
  }

  public StoredUpload receive(InputStream in, String fileName, String contentType)
      throws IOException {
    long maxBytes = limits.maxFileSize().toBytes();
    int partSize = (int) limits.partSize().toBytes();
    // the first part doubles as the sniffing window; small files are read whole here
    byte[] head = in.readNBytes((int) Math.min(partSize, maxBytes + 1));
    if (head.length == 0) {
      throw ApiProblem.badRequest("the file '" + safe(fileName) + "' is empty");
    }
    ContainerFormat container =
        ContainerFormat.detect(head)
            .orElseThrow(
                () ->
                    ApiProblem.of(
                        ProblemType.UNSUPPORTED_VIDEO,
                        "'"
                            + safe(fileName)
                            + "' is not a supported video container"
                            + " (MP4/MOV, MKV/WebM, AVI or MPEG-TS)"));
    UUID videoId = UUID.randomUUID();
    ObjectRef source = new ObjectRef(s3.uploadBucket(), VideoService.sourceKey(videoId));
    Map<String, String> metadata = new HashMap<>();
    metadata.put("video-id", videoId.toString());
    metadata.put("container", container.name());
    Span span = spans.start("video.store", SpanKind.INTERNAL, videoId);
    try (var scope = VideoSpans.enter(span, videoId)) {
      long size = storage.store(source, head, in, maxBytes, partSize, metadata);
      span.setAttribute("video.bytes", size);
      return new StoredUpload(videoId, source, fileName, contentType, container, size);
    } catch (ObjectTooLargeException e) {
      VideoSpans.failed(span, e);
      throw ApiProblem.of(
          ProblemType.FILE_TOO_LARGE,
          "'" + safe(fileName) + "' is larger than the limit of " + readable(limits.maxFileSize()));
    } catch (IOException | RuntimeException e) {
      VideoSpans.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  public static String readable(DataSize size) {
    long bytes = size.toBytes();
    if (bytes % DataSize.ofGigabytes(1).toBytes() == 0) {
      return size.toGigabytes() + "GB";
    }
    if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
      return size.toMegabytes() + "MB";
    }
    return bytes + " bytes";
  }

  public static String safe(String fileName) {
    if (fileName == null || fileName.isBlank()) {
      return "(unnamed)";
    }
    String cleaned = fileName.replaceAll("[\\p{Cntrl}]", "_");
    return cleaned.length() > 255 ? cleaned.substring(0, 255) : cleaned;
  }
}
