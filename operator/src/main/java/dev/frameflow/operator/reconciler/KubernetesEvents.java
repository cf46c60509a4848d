package dev.frameflow.operator.reconciler;

import dev.frameflow.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on a VideoJob (what {@code kubectl describe vj} lists). Like client-go's
 * event recorder it writes them asynchronously, from one thread with a bounded queue, so a
 * reconciliation never waits for an Event, and paced ({@link EventPacing}: a burst, then a steady
 * rate), so a flood of VideoJobs does not double the load on the API server; an Event is a
 * courtesy: failing to write one (or a full queue) is logged and never fails the reconciliation.
 */
public class KubernetesEvents implements AutoCloseable {

  public static final String COMPONENT = "frameflow-operator";
  private static final Logger log = LoggerFactory.getLogger(KubernetesEvents.class);

  private final KubernetesClient client;
  private final String instance;
  private final ThreadPoolExecutor writer =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(10_000),
          r -> {
            Thread t = new Thread(r, "kubernetes-events");
            t.setDaemon(true);
            return t;
          },
          (r, executor) -> {
            if (!executor.isShutdown()) {
              log.warn("too many Kubernetes Events waiting; dropping one");
            }
          });

  private final EventPacing pacing;

  /**
   * @param perSecond Events written per second on average, once the burst is spent
   * @param burst Events written at once after a quiet period
   */
  public KubernetesEvents(KubernetesClient client, String instance, double perSecond, int burst) {
    this.client = client;
    this.instance = instance;
    this.pacing = new EventPacing(perSecond, burst, System::nanoTime);
  }

  /** Stops writing: Events still queued are dropped (they would find the client closed). */
  @Override
  public void close() {
    int dropped = writer.shutdownNow().size();
    if (dropped > 0) {
      log.info("stopping: {} Kubernetes Events not written", dropped);
    }
  }

  public void normal(VideoJob videoJob, String reason, String message) {
    record(videoJob, "Normal", reason, message);
  }

  public void warning(VideoJob videoJob, String reason, String message) {
    record(videoJob, "Warning", reason, message);
  }

  private void record(VideoJob videoJob, String type, String reason, String message) {
    String now = Instant.now().toString();
    String namespace = videoJob.getMetadata().getNamespace();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                videoJob.getMetadata().getName()
                    + "."
                    + Long.toHexString(System.currentTimeMillis())
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(videoJob.getApiVersion())
                    .withKind(videoJob.getKind())
                    .withName(videoJob.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(videoJob.getMetadata().getUid())
                    .withResourceVersion(videoJob.getMetadata().getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent("frameflow.dev/operator")
            .withReportingInstance(instance)
            .build();
    writer.execute(
        () -> {
          try {
            pacing.take();
            client.v1().events().inNamespace(namespace).resource(event).create();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            log.warn(
                "could not record event {} on VideoJob {}/{}: {}",
                reason,
                namespace,
                videoJob.getMetadata().getName(),
                e.getMessage());
          }
        });
  }
}
