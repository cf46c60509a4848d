package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.progress.ProgressReport;
import dev.frameflow.operator.job.ExtractionJobBuilder;
import dev.frameflow.operator.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells the extractor where the operator's pod-facing endpoint is: where to ask for its URLs (with
 * the projected token the Job mounts), where to report progress (the endpoint for this one
 * VideoJob, with the VideoJob's uid as token); and to log JSON lines. Added to the Job built by the
 * {@code ExtractionJobBuilder}, which stays about running the extractor.
 */
final class EndpointWiring {

  static final String LOG_JSON = "FRAMEFLOW_LOG_JSON";

  private EndpointWiring() {}

  /** An extraction Job: its access, its progress reports, JSON logs. */
  static void addTo(Job job, VideoJob videoJob, String baseUrl) {
    String base = baseUrl.replaceAll("/+$", "");
    String progress =
        base
            + ProgressReport.PATH
            + videoJob.getMetadata().getNamespace()
            + "/"
            + videoJob.getMetadata().getName();
    add(
        job,
        List.of(
            new EnvVar(ProgressReport.URL_VARIABLE, progress, null),
            new EnvVar(ProgressReport.TOKEN_VARIABLE, videoJob.getMetadata().getUid(), null)),
        base);
  }

  /** The probe Job: its access and JSON logs (a probe reports no progress). */
  static void addAccessTo(Job probe, String baseUrl) {
    add(probe, List.of(), baseUrl.replaceAll("/+$", ""));
  }

  private static void add(Job job, List<EnvVar> more, String base) {
    for (Container container : job.getSpec().getTemplate().getSpec().getContainers()) {
      var env =
          container.getEnv() == null
              ? new ArrayList<EnvVar>()
              : new ArrayList<>(container.getEnv());
      env.add(new EnvVar(AccessGrant.URL_VARIABLE, base + AccessGrant.PATH, null));
      env.add(
          new EnvVar(
              AccessGrant.TOKEN_FILE_VARIABLE,
              ExtractionJobBuilder.TOKEN_DIR + "/" + ExtractionJobBuilder.TOKEN_FILE,
              null));
      env.addAll(more);
      // the extractor logs JSON like the operator and the api-gateway in a cluster
      env.add(new EnvVar(LOG_JSON, "true", null));
      container.setEnv(env);
    }
  }
}
