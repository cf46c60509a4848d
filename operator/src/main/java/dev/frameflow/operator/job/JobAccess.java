package dev.frameflow.operator.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.objectstreams.MultipartUploadPresigner;
import dev.frameflow.objectstreams.QueryStringPresigner;
import dev.frameflow.operator.config.PresignProperties;
import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.operator.videojob.VideoJobSpec;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The least a Job needs: a presigned GET of its source and a presigned multipart upload of its ZIP
 * (one PUT per part, complete, abort), valid for the Job's deadline plus a margin, in a Secret the
 * Job owns (so it goes when the Job goes). The operator creates the upload; the URLs name its
 * bucket, key and upload id, so they reach no other object. Signed by {@link QueryStringPresigner}
 * (the URLs the AWS SDK's presigner would make, at a fraction of its CPU: a Job gets ~260 of them).
 */
public class JobAccess {

  /** The Secret of Job {@code extract-<id>} is {@code extract-<id>-access}. */
  public static final String SECRET_SUFFIX = "-access";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final S3Client s3;
  private final QueryStringPresigner presigner;
  private final PresignProperties presign;

  public JobAccess(S3Client s3, QueryStringPresigner presigner, PresignProperties presign) {
    this.s3 = s3;
    this.presigner = presigner;
    this.presign = presign;
  }

  public static String secretName(String jobName) {
    return jobName + SECRET_SUFFIX;
  }

  /** The Secret for {@code job} (as created: it needs the uid), with freshly signed URLs. */
  public Secret secretFor(Job job, VideoJobSpec spec, long deadlineSeconds) {
    Duration valid = Duration.ofSeconds(deadlineSeconds).plus(presign.validityMargin());
    ObjectRef source = spec.source();
    String sourceUrl = presigner.getObject(source.bucket(), source.key(), valid);
    Map<String, String> data = new java.util.TreeMap<>();
    data.put(PresignedAccess.SOURCE_URL_KEY, sourceUrl);
    int slices = SlicedJobs.slicesOf(job);
    if (slices > 1) {
      data.putAll(slicedUpload(spec.output(), slices, valid, uploadIdOf(job)));
    } else {
      try {
        data.put(PresignedAccess.UPLOAD_KEY, JSON.writeValueAsString(upload(spec.output(), valid)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return ownedSecret(job, data);
  }

  /**
   * The probe Job's Secret: the source's presigned GET and nothing else, valid for the probe's
   * deadline plus the margin.
   */
  public Secret probeSecretFor(Job probe, VideoJobSpec spec, long deadlineSeconds) {
    Duration valid = Duration.ofSeconds(deadlineSeconds).plus(presign.validityMargin());
    ObjectRef source = spec.source();
    String sourceUrl = presigner.getObject(source.bucket(), source.key(), valid);
    return ownedSecret(probe, Map.of(PresignedAccess.SOURCE_URL_KEY, sourceUrl));
  }

  /**
   * An immutable Secret named after {@code job}, with its labels, owned by it (deleted with it).
   */
  private static Secret ownedSecret(Job job, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName(job.getMetadata().getName()))
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(job.getMetadata().getLabels())
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withType("Opaque")
        .withImmutable(true)
        .withStringData(data)
        .build();
  }

  /**
   * Creates the multipart upload a sliced video's indexes share; its id goes on the Job ({@link
   * ExtractionJobLabels#UPLOAD_ID}) and from there into the VideoJob's status, where the final step
   * reads it: the operator never reads a Secret back.
   */
  public String createSlicedUpload(ObjectRef output) {
    return s3.createMultipartUpload(
            b -> b.bucket(output.bucket()).key(output.key()).contentType("application/zip"))
        .uploadId();
  }

  /** Aborts an upload created for a Job that turned out to exist already. */
  public void abortSlicedUpload(ObjectRef output, String uploadId) {
    s3.abortMultipartUpload(b -> b.bucket(output.bucket()).key(output.key()).uploadId(uploadId));
  }

  /**
   * A Secret built but not needed (its Job had one already): a one-pod Job's Secret names a
   * multipart upload created for it, aborted here; anything else holds only presigned URLs.
   */
  public void discard(Secret unused, ObjectRef output) {
    String upload =
        unused.getStringData() == null
            ? null
            : unused.getStringData().get(PresignedAccess.UPLOAD_KEY);
    if (upload == null) {
      return;
    }
    try {
      String query =
          java.net.URI.create(JSON.readValue(upload, PresignedAccess.class).abort()).getRawQuery();
      for (String parameter : query.split("&")) {
        if (parameter.startsWith("uploadId=")) {
          String uploadId =
              java.net.URLDecoder.decode(
                  parameter.substring("uploadId=".length()),
                  java.nio.charset.StandardCharsets.UTF_8);
          s3.abortMultipartUpload(
              b -> b.bucket(output.bucket()).key(output.key()).uploadId(uploadId));
        }
      }
    } catch (Exception e) {
      // the bucket's lifecycle rule aborts incomplete uploads after a day anyway
    }
  }

  private static String uploadIdOf(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ExtractionJobLabels.UPLOAD_ID);
  }

  /**
   * A sliced Job's keys: for each index the presigned PUT of its own part (part number index + 1)
   * of the ZIP's multipart upload {@code uploadId} (created here when null), of its spill object
   * and of its index object; the last part (the central directory) and the completion are the
   * operator's.
   */
  Map<String, String> slicedUpload(
      ObjectRef output, int slices, Duration valid, String givenUploadId) {
    String uploadId = givenUploadId != null ? givenUploadId : createSlicedUpload(output);
    Map<String, String> keys = new java.util.TreeMap<>();
    for (int n = 0; n < slices; n++) {
      int partNumber = SliceAccess.partNumber(n);
      keys.put(
          SliceAccess.partKey(n),
          presigner.uploadPart(output.bucket(), output.key(), uploadId, partNumber, valid));
      keys.put(
          SliceAccess.spillKey(n),
          presigner.putObject(output.bucket(), SliceAccess.spillObject(output.key(), n), valid));
      keys.put(
          SliceAccess.indexKey(n),
          presigner.putObject(output.bucket(), SliceAccess.indexObject(output.key(), n), valid));
    }
    return keys;
  }

  /** Creates a multipart upload of the ZIP and presigns its parts, completion and abort. */
  PresignedAccess upload(ObjectRef output, Duration valid) {
    MultipartUploadPresigner.Urls urls =
        MultipartUploadPresigner.presign(
            s3,
            presigner,
            output.bucket(),
            output.key(),
            "application/zip",
            presign.resultParts(),
            valid);
    return PresignedAccess.of(
        (int) presign.resultPartSize().toBytes(), urls.parts(), urls.complete(), urls.abort());
  }
}
