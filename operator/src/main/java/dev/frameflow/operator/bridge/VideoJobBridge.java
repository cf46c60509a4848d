package dev.frameflow.operator.bridge;

import com.rabbitmq.client.Channel;
import dev.frameflow.operator.config.MessagingProperties;
import dev.frameflow.operator.job.ExtractionJobLabels;
import dev.frameflow.operator.videojob.VideoJob;
import dev.frameflow.operator.videojob.VideoJobNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;

/**
 * RabbitMQ → VideoJob. Manual acks: a message is acked only once the API server has the result
 * (created, or already there); a malformed one is rejected into its dead-letter queue; while the
 * API server is unreachable the message is retried with exponential backoff and, if that runs out,
 * requeued — never dropped.
 */
public class VideoJobBridge {

  public static final String EVENT_ID_ANNOTATION = "frameflow.dev/uploaded-event-id";
  private static final Logger log = LoggerFactory.getLogger(VideoJobBridge.class);

  private final KubernetesClient client;
  private final String namespace;
  private final MessagingProperties settings;

  public VideoJobBridge(KubernetesClient client, String namespace, MessagingProperties settings) {
    this.client = client;
    this.namespace = namespace;
    this.settings = settings;
  }

  public void onUploaded(Message message, Channel channel) throws IOException {
    BridgeMessages.Uploaded uploaded;
    try {
      uploaded = BridgeMessages.uploaded(message.getBody());
    } catch (MalformedMessageException e) {
      deadLetter(message, channel, e.getMessage());
      return;
    }
    VideoJob videoJob = new VideoJob(VideoJobNames.videoJob(uploaded.videoId()), uploaded.spec());
    videoJob.getMetadata().setNamespace(namespace);
    videoJob
        .getMetadata()
        .getLabels()
        .put(ExtractionJobLabels.VIDEO_ID, uploaded.videoId().toString());
    videoJob.getMetadata().getLabels().put(ExtractionJobLabels.PART_OF, "frameflow");
    videoJob.getMetadata().getAnnotations().put(EVENT_ID_ANNOTATION, uploaded.eventId());
    withKubernetes(
        message,
        channel,
        () -> {
          try {
            client.resource(videoJob).create();
            log.info("created VideoJob {}/{}", namespace, videoJob.getMetadata().getName());
          } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
              throw e;
            }
            log.info(
                "VideoJob {}/{} already exists (redelivery); nothing to do",
                namespace,
                videoJob.getMetadata().getName());
          }
        });
  }

  public void onCancelled(Message message, Channel channel) throws IOException {
    UUID videoId;
    try {
      videoId = BridgeMessages.cancelledVideoId(message.getBody());
    } catch (MalformedMessageException e) {
      deadLetter(message, channel, e.getMessage());
      return;
    }
    String name = VideoJobNames.videoJob(videoId);
    withKubernetes(
        message,
        channel,
        () -> {
          var deleted =
              client.resources(VideoJob.class).inNamespace(namespace).withName(name).delete();
          log.info(
              deleted.isEmpty()
                  ? "VideoJob {}/{} to cancel does not exist; nothing to do"
                  : "deleted cancelled VideoJob {}/{}",
              namespace,
              name);
        });
  }

  /**
   * Runs a Kubernetes call with backoff on transient failures, then acks; a request the API server
   * refuses as invalid (400, 422) is dead-lettered.
   */
  private void withKubernetes(Message message, Channel channel, Runnable call) throws IOException {
    long tag = message.getMessageProperties().getDeliveryTag();
    Duration delay = settings.kubernetesRetryInitial();
    // give up (and requeue) after about ten maximal delays; the next delivery starts over
    long deadline = System.nanoTime() + settings.kubernetesRetryMax().multipliedBy(10).toNanos();
    while (true) {
      try {
        call.run();
        channel.basicAck(tag, false);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST || e.getCode() == 422) {
          deadLetter(message, channel, "rejected by the API server: " + e.getMessage());
          return;
        }
        if (System.nanoTime() > deadline) {
          log.warn("Kubernetes API still failing ({}); requeueing the message", e.getMessage());
          channel.basicNack(tag, false, true);
          return;
        }
        log.warn("Kubernetes API call failed ({}); retrying in {}", describe(e), delay);
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          channel.basicNack(tag, false, true);
          return;
        }
        delay = min(delay.multipliedBy(2), settings.kubernetesRetryMax());
      }
    }
  }

  private void deadLetter(Message message, Channel channel, String reason) throws IOException {
    var properties = message.getMessageProperties();
    log.warn(
        "dead-lettering message {} from {}: {}",
        properties.getMessageId(),
        properties.getConsumerQueue(),
        reason);
    channel.basicReject(properties.getDeliveryTag(), false);
  }

  private static String describe(KubernetesClientException e) {
    return e.getCode() == 0 ? String.valueOf(e.getCause()) : e.getCode() + " " + e.getMessage();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
