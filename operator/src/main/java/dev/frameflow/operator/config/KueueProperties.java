package dev.frameflow.operator.config;

import dev.frameflow.operator.job.JobAdmission;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code frameflow.operator.kueue.*}: hand the admission of extraction and probe Jobs to Kueue
 * instead of the operator's own cap and fair share ({@link JobAdmission}).
 *
 * @param enabled whether Kueue admits the Jobs (they are then created suspended, in {@code
 *     queueName}); off by default: the built-in cap ({@code
 *     frameflow.operator.max-concurrent-jobs}) and fair share ({@code frameflow.operator.queue.*})
 *     decide
 * @param queueName the LocalQueue, in the Jobs' namespace
 */
@ConfigurationProperties("frameflow.operator.kueue")
public record KueueProperties(
    @DefaultValue("false") boolean enabled, @DefaultValue("frameflow") String queueName) {

  public KueueProperties {
    // a wrong name fails the start, not every Job
    if (enabled) {
      JobAdmission.kueue(queueName);
    }
  }

  public JobAdmission admission() {
    return enabled ? JobAdmission.kueue(queueName) : JobAdmission.BUILT_IN;
  }
}
