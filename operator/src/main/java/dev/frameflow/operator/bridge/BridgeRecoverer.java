package dev.frameflow.operator.bridge;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;

/**
 * What happens to a message the bridge could not handle, once the retry is over: a malformed
 * message, or one the API server refuses as invalid (400, 422), goes to the dead-letter queue (an
 * upload with its video's FAILED outcome published first); anything else — the API server
 * unreachable or overloaded — is requeued, to be tried again from the start: never dropped.
 */
final class BridgeRecoverer implements MessageRecoverer {

  private static final Logger log = LoggerFactory.getLogger(BridgeRecoverer.class);

  private final VideoJobBridge bridge;

  BridgeRecoverer(VideoJobBridge bridge) {
    this.bridge = bridge;
  }

  /** Worth retrying: the API server did not answer, or answered with a transient error. */
  static boolean isTransient(Throwable failure) {
    return kubernetesFailure(failure).map(e -> !refused(e)).orElse(false);
  }

  @Override
  public void recover(Message message, Throwable cause) {
    var properties = message.getMessageProperties();
    String reason = reason(cause);
    if (isTransient(cause)) {
      log.warn(
          "Kubernetes API still failing for message {} ({}); requeueing it",
          properties.getMessageId(),
          reason);
      throw new ImmediateRequeueAmqpException("Kubernetes API unavailable: " + reason, cause);
    }
    if (bridge.settings().uploadedQueue().equals(properties.getConsumerQueue())) {
      bridge.failUpload(message, reason);
    }
    log.warn(
        "dead-lettering message {} from {}: {}",
        properties.getMessageId(),
        properties.getConsumerQueue(),
        reason);
    throw new AmqpRejectAndDontRequeueException(reason, cause);
  }

  private static String reason(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof MalformedMessageException) {
        return t.getMessage();
      }
    }
    return kubernetesFailure(cause)
        .map(
            e ->
                refused(e)
                    ? "rejected by the API server: " + e.getMessage()
                    : e.getCode() == 0
                        ? String.valueOf(e.getCause())
                        : e.getCode() + " " + e.getMessage())
        .orElse(String.valueOf(cause));
  }

  private static boolean refused(KubernetesClientException e) {
    return e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST || e.getCode() == 422;
  }

  private static Optional<KubernetesClientException> kubernetesFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
