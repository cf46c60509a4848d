package dev.frameflow.operator.job;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.progress.ProgressReport;
import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.operator.slicing.SlicedJobs;
import dev.frameflow.videojob.JobResources;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import dev.frameflow.videojob.VideoJobSpec;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds the batch/v1 Job that runs the extractor for one VideoJob. The result is a pure function
 * of the VideoJob and the configuration, so building it twice gives the same Job.
 */
public class ExtractionJobBuilder {

  public static final String CONTAINER = "extractor";

  /** A non-root uid/gid that the extractor image also uses. */
  static final long RUN_AS = 10001L;

  /**
   * The pod's projected ServiceAccount token, audience the operator: its proof of who it is when it
   * asks the operator for its URLs. Not the API server's audience, so it opens nothing there (and
   * the ServiceAccount has no rights anyway).
   */
  public static final String TOKEN_VOLUME = "operator-token";

  /** Where the token volume is mounted, read-only. */
  public static final String TOKEN_DIR = "/var/run/frameflow/operator-token";

  public static final String TOKEN_FILE = "token";

  static final String LOG_JSON_VARIABLE = "FRAMEFLOW_LOG_JSON";

  /** The shortest lifetime Kubernetes issues; the kubelet renews it, the pod reads it at start. */
  static final long TOKEN_EXPIRATION_SECONDS = 600;

  private final OperatorProperties operator;
  private final String plainHttpStoreHost;
  private final String accessAudience;
  private final String endpointUrl;

  public ExtractionJobBuilder(OperatorProperties operator) {
    this(operator, null, AccessGrant.DEFAULT_AUDIENCE);
  }

  /**
   * @param plainHttpStoreHost the object store's host when the operator reaches it over plain http
   *     (kind's in-cluster MinIO): the presigned URLs are http there, and the extractor is told it
   *     may read that one host without TLS. Null: https only.
   * @param accessAudience the audience of the pods' projected token: the operator's, which {@code
   *     access.PodTokenReview} checks
   */
  public ExtractionJobBuilder(
      OperatorProperties operator, String plainHttpStoreHost, String accessAudience) {
    this(operator, plainHttpStoreHost, accessAudience, null);
  }

  private ExtractionJobBuilder(
      OperatorProperties operator,
      String plainHttpStoreHost,
      String accessAudience,
      String endpointUrl) {
    this.endpointUrl = endpointUrl == null ? null : endpointUrl.replaceAll("/+$", "");
    this.plainHttpStoreHost = plainHttpStoreHost;
    this.accessAudience = Objects.requireNonNull(accessAudience, "access audience");
    this.operator = Objects.requireNonNull(operator, "operator properties");
    if (operator.extractorImage() == null || operator.extractorImage().isBlank()) {
      throw new IllegalArgumentException("frameflow.operator.extractor-image must be set");
    }
  }

  /**
   * This builder, with pods told where the operator's pod-facing endpoint is ({@code
   * frameflow.operator.progress.url}, a Service in a cluster): where they ask for their URLs and
   * report their progress. Without it a pod cannot get its URLs (unit tests and benchmarks).
   */
  public ExtractionJobBuilder withOperatorEndpoint(String baseUrl) {
    return new ExtractionJobBuilder(operator, plainHttpStoreHost, accessAudience, baseUrl);
  }

  public Job build(VideoJob videoJob) {
    return build(videoJob, SlicedJobs.slicesFor(videoJob.getSpec(), operator.maxConcurrentJobs()));
  }

  /** The Job for {@code slices} slices as planned by the caller (1: the one-pod Job). */
  public Job build(VideoJob videoJob, int slices) {
    Job job = buildOnePod(videoJob);
    return slices > 1 ? IndexedExtractionJob.apply(job, slices, retries(videoJob.getSpec())) : job;
  }

  /**
   * The probe Job measuring the source before its slices are planned: the one-pod Job's pod (image,
   * ServiceAccount without API token, security context, pod failure policy) running the extractor
   * with {@code --probe}: the operator grants its pod the source's presigned GET only.
   */
  public Job buildProbe(VideoJob videoJob) {
    VideoJobSpec spec = videoJob.getSpec();
    return ProbeJob.apply(
        buildOnePod(videoJob),
        VideoJobNames.probeJob(UUID.fromString(spec.videoId())),
        ExtractorCommandLine.probeArguments(spec),
        probeDeadlineSeconds(spec));
  }

  /** A probe takes seconds: its deadline is the Job's, at most {@value #PROBE_DEADLINE_SECONDS}. */
  public long probeDeadlineSeconds(VideoJobSpec spec) {
    return Math.min(deadlineSeconds(spec), PROBE_DEADLINE_SECONDS);
  }

  static final long PROBE_DEADLINE_SECONDS = 600;

  private Job buildOnePod(VideoJob videoJob) {
    VideoJobSpec spec = videoJob.getSpec();
    Map<String, String> labels = ExtractionJobLabels.forVideoJob(videoJob);
    return new JobBuilder()
        .withNewMetadata()
        .withName(VideoJobNames.job(UUID.fromString(spec.videoId())))
        .withNamespace(videoJob.getMetadata().getNamespace())
        .withLabels(labels)
        .addToAnnotations(
            MetadataKeys.SPEC_GENERATION, String.valueOf(videoJob.getMetadata().getGeneration()))
        .withOwnerReferences(controlledBy(videoJob))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(retries(spec))
        .withActiveDeadlineSeconds(deadlineSeconds(spec))
        .withTtlSecondsAfterFinished(operator.jobTtlSeconds())
        .withPodFailurePolicy(podFailurePolicy())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(operator.jobServiceAccount())
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(podSecurity())
        .withContainers(container(videoJob))
        .withVolumes(volumes())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static OwnerReference controlledBy(VideoJob videoJob) {
    return new OwnerReferenceBuilder()
        .withApiVersion(videoJob.getApiVersion())
        .withKind(videoJob.getKind())
        .withName(videoJob.getMetadata().getName())
        .withUid(videoJob.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS)
        .withRunAsGroup(RUN_AS)
        .withFsGroup(RUN_AS)
        .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
        .build();
  }

  /** The work directory, the projected token pods prove themselves with, and /tmp. */
  private List<Volume> volumes() {
    return List.of(
        new VolumeBuilder()
            .withName("work")
            .withNewEmptyDir()
            .withSizeLimit(new Quantity(operator.workVolumeSizeLimit()))
            .endEmptyDir()
            .build(),
        new VolumeBuilder()
            .withName(TOKEN_VOLUME)
            .withNewProjected()
            // read by the container's group (fsGroup) only
            .withDefaultMode(0440)
            .addNewSource()
            .withNewServiceAccountToken()
            .withAudience(accessAudience)
            .withExpirationSeconds(TOKEN_EXPIRATION_SECONDS)
            .withPath(TOKEN_FILE)
            .endServiceAccountToken()
            .endSource()
            .endProjected()
            .build(),
        new VolumeBuilder()
            .withName("tmp")
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("256Mi"))
            .endEmptyDir()
            .build());
  }

  public int retries(VideoJobSpec spec) {
    return spec.retries() != null ? spec.retries() : operator.defaultRetries();
  }

  public long deadlineSeconds(VideoJobSpec spec) {
    return spec.deadlineSeconds() != null
        ? spec.deadlineSeconds()
        : operator.defaultDeadlineSeconds();
  }

  private Container container(VideoJob videoJob) {
    VideoJobSpec spec = videoJob.getSpec();
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(operator.extractorImage())
        .withImagePullPolicy("IfNotPresent")
        .withArgs(ExtractorCommandLine.arguments(spec))
        .withEnv(environment(videoJob))
        .withResources(
            new ResourceRequirementsBuilder()
                .withRequests(merge(operator.resources().requestQuantities(), spec, true))
                .withLimits(merge(operator.resources().limitQuantities(), spec, false))
                .build())
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withPrivileged(false)
        .withCapabilities(new Capabilities(null, List.of("ALL")))
        .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("work")
        .withMountPath(ExtractorCommandLine.WORK_DIR)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName(TOKEN_VOLUME)
        .withMountPath(TOKEN_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .withTerminationMessagePath(ExtractorCommandLine.RESULT_FILE)
        .withTerminationMessagePolicy("File")
        .build();
  }

  /**
   * No AWS variable, no credentials, no S3 endpoint, no Secret: where the pod asks for its URLs
   * (with the projected token) and reports progress (with the VideoJob's uid as token, see {@code
   * progress.ProgressEndpoint}); JSON logs; and on a store without TLS (kind), the one host the
   * extractor may read over plain http.
   */
  private List<EnvVar> environment(VideoJob videoJob) {
    List<EnvVar> environment = new java.util.ArrayList<>();
    if (plainHttpStoreHost != null && !plainHttpStoreHost.isBlank()) {
      environment.add(
          new EnvVar(PresignedAccess.PLAIN_HTTP_HOST_VARIABLE, plainHttpStoreHost, null));
    }
    if (endpointUrl != null) {
      environment.add(new EnvVar(AccessGrant.URL_VARIABLE, endpointUrl + AccessGrant.PATH, null));
      environment.add(
          new EnvVar(AccessGrant.TOKEN_FILE_VARIABLE, TOKEN_DIR + "/" + TOKEN_FILE, null));
      environment.add(
          new EnvVar(
              ProgressReport.URL_VARIABLE,
              endpointUrl
                  + ProgressReport.PATH
                  + videoJob.getMetadata().getNamespace()
                  + "/"
                  + videoJob.getMetadata().getName(),
              null));
      environment.add(
          new EnvVar(ProgressReport.TOKEN_VARIABLE, videoJob.getMetadata().getUid(), null));
      // the extractor logs JSON like the operator and the api-gateway in a cluster
      environment.add(new EnvVar(LOG_JSON_VARIABLE, "true", null));
    }
    return environment;
  }

  private static Map<String, Quantity> merge(
      Map<String, Quantity> defaults, VideoJobSpec spec, boolean requests) {
    Map<String, Quantity> merged = new TreeMap<>(defaults);
    JobResources override = spec.resources();
    if (override != null) {
      Map<String, Quantity> given = requests ? override.requests() : override.limits();
      if (given != null) {
        merged.putAll(given);
      }
    }
    return merged;
  }

  /**
   * Bad input fails the Job at once (retrying cannot fix a corrupt video); a pod evicted or
   * preempted (DisruptionTarget) is not counted against the backoff limit.
   */
  private static PodFailurePolicy podFailurePolicy() {
    return new PodFailurePolicyBuilder()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(ExitCodes.BAD_INPUT)
        .endOnExitCodes()
        .endRule()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .build();
  }
}
