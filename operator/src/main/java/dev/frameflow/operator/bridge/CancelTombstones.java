package dev.frameflow.operator.bridge;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frameflow.videojob.MetadataKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Videos cancelled before their VideoJob existed (the two queues are consumed independently, so a
 * cancel can overtake its upload, and the upload can wait in the api-gateway's outbox through a
 * broker outage). Each cancel leaves a small labelled ConfigMap {@code cancelled-<videoId>} in the
 * operator's namespace, written before the cancel message is acked, so the late upload creates no
 * VideoJob even after the operator restarted in between; a memory of the ones seen here saves the
 * API call for them. Why a ConfigMap: it is the smallest namespaced object the API server keeps
 * durably, readable by name in one GET; a field in some other object would need that object to
 * exist (the VideoJob does not, by definition) and a list in one object would be a hot spot with a
 * size limit.
 *
 * <p>Cleaned up by age ({@link #sweepIfDue}, at most once per {@link #SWEEP_PERIOD}, on the
 * bridge's own threads): a tombstone older than its TTL (default 7 days, far beyond any outbox
 * delay) is deleted. The api-gateway still ignores outcomes of cancelled videos and deletes a late
 * ZIP, so an upload later than that costs an extraction, never a wrong state.
 */
public final class CancelTombstones {

  static final String NAME_PREFIX = "cancelled-";
  static final Duration DEFAULT_TTL = Duration.ofDays(7);
  static final Duration SWEEP_PERIOD = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(CancelTombstones.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Duration ttl;
  private final Clock clock;
  private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.EPOCH);

  /** Tombstones known to exist (written or read here); bounded, a miss only costs a GET. */
  private final Set<UUID> known =
      Collections.newSetFromMap(
          Caffeine.newBuilder().maximumSize(100_000).<UUID, Boolean>build().asMap());

  public CancelTombstones(KubernetesClient client, String namespace, Duration ttl, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.ttl = ttl == null ? DEFAULT_TTL : ttl;
    this.clock = clock;
  }

  static String name(UUID videoId) {
    return NAME_PREFIX + videoId;
  }

  /** Writes the tombstone (idempotent); throws while the API server cannot take it. */
  public void record(UUID videoId) {
    ConfigMap tombstone =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name(videoId))
            .withNamespace(namespace)
            .addToLabels(MetadataKeys.TOMBSTONE, MetadataKeys.TOMBSTONE_CANCELLED)
            .addToLabels(MetadataKeys.VIDEO_ID, videoId.toString())
            .addToLabels(MetadataKeys.PART_OF, MetadataKeys.FRAMEFLOW)
            .endMetadata()
            .addToData("cancelledAt", clock.instant().toString())
            .build();
    try {
      client.configMaps().inNamespace(namespace).resource(tombstone).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    known.add(videoId);
  }

  /** True when the video was cancelled; throws while the API server cannot say. */
  public boolean isCancelled(UUID videoId) {
    if (known.contains(videoId)) {
      return true;
    }
    ConfigMap found = client.configMaps().inNamespace(namespace).withName(name(videoId)).get();
    if (found != null
        && MetadataKeys.TOMBSTONE_CANCELLED.equals(
            found.getMetadata().getLabels().get(MetadataKeys.TOMBSTONE))) {
      known.add(videoId);
      return true;
    }
    return false;
  }

  /**
   * Whether the bridge wrote a tombstone for {@code videoId} in {@code namespace}: read by the
   * reconciler when a VideoJob disappears, because the tombstone is written before the bridge marks
   * and deletes the VideoJob, while the deleted object it is handed may predate that mark.
   */
  public static boolean recorded(KubernetesClient client, String namespace, UUID videoId) {
    ConfigMap found = client.configMaps().inNamespace(namespace).withName(name(videoId)).get();
    return found != null
        && found.getMetadata().getLabels() != null
        && MetadataKeys.TOMBSTONE_CANCELLED.equals(
            found.getMetadata().getLabels().get(MetadataKeys.TOMBSTONE));
  }

  /** Deletes tombstones older than the TTL, at most once per {@link #SWEEP_PERIOD}. */
  public void sweepIfDue() {
    Instant now = clock.instant();
    Instant last = lastSweep.get();
    if (Duration.between(last, now).compareTo(SWEEP_PERIOD) < 0
        || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    try {
      sweep(now);
    } catch (KubernetesClientException e) {
      log.warn("tombstone sweep failed, next try in {}: {}", SWEEP_PERIOD, e.getMessage());
    }
  }

  /** Deletes every tombstone created more than the TTL before {@code now}; returns how many. */
  public int sweep(Instant now) {
    int deleted = 0;
    for (ConfigMap tombstone :
        client
            .configMaps()
            .inNamespace(namespace)
            .withLabel(MetadataKeys.TOMBSTONE, MetadataKeys.TOMBSTONE_CANCELLED)
            .list()
            .getItems()) {
      Instant created = createdAt(tombstone);
      if (created != null && !created.plus(ttl).isAfter(now)) {
        client.configMaps().inNamespace(namespace).resource(tombstone).delete();
        String video = tombstone.getMetadata().getLabels().get(MetadataKeys.VIDEO_ID);
        if (video != null) {
          try {
            known.remove(UUID.fromString(video));
          } catch (IllegalArgumentException ignored) {
            // not ours to interpret
          }
        }
        deleted++;
      }
    }
    if (deleted > 0) {
      log.info("deleted {} cancel tombstone(s) older than {}", deleted, ttl);
    }
    return deleted;
  }

  /** When the tombstone was written: its own record, else the API server's creation time. */
  private static Instant createdAt(ConfigMap tombstone) {
    String at =
        tombstone.getData() != null && tombstone.getData().get("cancelledAt") != null
            ? tombstone.getData().get("cancelledAt")
            : tombstone.getMetadata().getCreationTimestamp();
    try {
      return at == null ? null : Instant.parse(at);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
