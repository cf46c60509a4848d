package dev.frameflow.operator.reconciler;

import dev.frameflow.contracts.progress.ProgressReport;
import dev.frameflow.operator.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;

/**
 * Tells the extractor where to report progress: the operator's endpoint for this one VideoJob, with
 * the VideoJob's uid as token; and to log JSON lines. Added to the Job built by the {@code
 * ExtractionJobBuilder}, which stays about running the extractor.
 */
final class ProgressWiring {

  static final String LOG_JSON = "FRAMEFLOW_LOG_JSON";

  private ProgressWiring() {}

  static void addTo(Job job, VideoJob videoJob, String baseUrl) {
    String url =
        baseUrl.replaceAll("/+$", "")
            + ProgressReport.PATH
            + videoJob.getMetadata().getNamespace()
            + "/"
            + videoJob.getMetadata().getName();
    for (Container container : job.getSpec().getTemplate().getSpec().getContainers()) {
      var env =
          container.getEnv() == null
              ? new ArrayList<EnvVar>()
              : new ArrayList<>(container.getEnv());
      env.add(new EnvVar(ProgressReport.URL_VARIABLE, url, null));
      env.add(new EnvVar(ProgressReport.TOKEN_VARIABLE, videoJob.getMetadata().getUid(), null));
      // the extractor logs JSON like the operator and the api-gateway in a cluster
      env.add(new EnvVar(LOG_JSON, "true", null));
      container.setEnv(env);
    }
  }
}
