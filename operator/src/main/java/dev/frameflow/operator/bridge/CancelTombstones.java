package dev.frameflow.operator.bridge;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frameflow.videojob.MetadataKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Videos cancelled before their VideoJob existed (the two queues are consumed independently, so a
 * cancel can overtake its upload, and the upload can wait in the api-gateway's outbox through a
 * broker outage). Each cancel is written down in the operator's namespace before the cancel message
 * is acked, so the late upload creates no VideoJob even after the operator restarted in between; a
 * memory of the ones seen here saves the API call for them.
 *
 * <p>The record does not grow with abuse: it is a fixed set of {@link #SHARDS} labelled ConfigMaps
 * {@code cancelled-videos-NN}, the video's id choosing one, each holding at most {@code
 * idsPerShard} ids (key: the id, value: when it was cancelled). A cancel adds its id with a JSON
 * merge patch (the API server applies it to the stored object, so parallel cancels lose nothing); a
 * shard past its cap drops its oldest ids. Reading whether a video was cancelled is one GET by
 * name. Cleaned up by age ({@link #sweepIfDue}, at most once per {@link #SWEEP_PERIOD}, on the
 * bridge's own threads): ids older than the TTL (default 7 days, far beyond any outbox delay) are
 * removed, and the ConfigMaps listed a page at a time.
 *
 * <p>A dropped id (past the TTL, or pushed out by the cap) costs at most an extraction: the
 * api-gateway ignores the outcome of a cancelled video and deletes a late ZIP. One ConfigMap per
 * cancel ({@code cancelled-<videoId>}), as earlier releases wrote, is still honoured and swept by
 * age until none is left.
 */
public final class CancelTombstones {

  static final String NAME_PREFIX = "cancelled-";
  static final String SHARD_PREFIX = NAME_PREFIX + "videos-";

  /** Fixed: the shard of an id must not change between writing and reading it. */
  static final int SHARDS = 32;

  static final int DEFAULT_IDS_PER_SHARD = 2000;
  static final Duration DEFAULT_TTL = Duration.ofDays(7);
  static final Duration SWEEP_PERIOD = Duration.ofHours(1);
  public static final int SWEEP_PAGE = 50;

  private static final Logger log = LoggerFactory.getLogger(CancelTombstones.class);
  private static final Pattern LEGACY_NAME =
      Pattern.compile(NAME_PREFIX + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final KubernetesClient client;
  private final String namespace;
  private final Duration ttl;
  private final int idsPerShard;
  private final int sweepPage;
  private final Clock clock;
  private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.EPOCH);
  // one-per-cancel ConfigMaps of an earlier release may exist until a sweep has seen none
  private volatile boolean legacyMayExist = true;

  /** Tombstones known to exist (written or read here); bounded, a miss only costs a GET. */
  private final Set<UUID> known =
      Collections.newSetFromMap(
          Caffeine.newBuilder().maximumSize(100_000).<UUID, Boolean>build().asMap());

  public CancelTombstones(KubernetesClient client, String namespace, Duration ttl, Clock clock) {
    this(client, namespace, ttl, DEFAULT_IDS_PER_SHARD, SWEEP_PAGE, clock);
  }

  /**
   * @param idsPerShard at most this many ids per ConfigMap (the oldest are dropped beyond)
   * @param sweepPage how many ConfigMaps the sweep lists per request
   */
  public CancelTombstones(
      KubernetesClient client,
      String namespace,
      Duration ttl,
      int idsPerShard,
      int sweepPage,
      Clock clock) {
    if (idsPerShard < 1 || sweepPage < 1) {
      throw new IllegalArgumentException("idsPerShard and sweepPage must be at least 1");
    }
    this.client = client;
    this.namespace = namespace;
    this.ttl = ttl == null ? DEFAULT_TTL : ttl;
    this.idsPerShard = idsPerShard;
    this.sweepPage = sweepPage;
    this.clock = clock;
  }

  static String shardName(UUID videoId) {
    return String.format("%s%02d", SHARD_PREFIX, Math.floorMod(videoId.hashCode(), SHARDS));
  }

  /** The ConfigMap an earlier release wrote for one cancel. */
  static String legacyName(UUID videoId) {
    return NAME_PREFIX + videoId;
  }

  /** Writes the tombstone (idempotent); throws while the API server cannot take it. */
  public void record(UUID videoId) {
    String name = shardName(videoId);
    String at = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    ConfigMap shard;
    try {
      shard = patch(name, Map.of(videoId.toString(), at));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      shard = create(name, videoId, at);
    }
    known.add(videoId);
    Map<String, String> ids = ids(shard);
    if (ids.size() > idsPerShard) {
      dropOldest(name, ids);
    }
  }

  /** The shard, created holding this id; when another cancel created it first, patched. */
  private ConfigMap create(String name, UUID videoId, String at) {
    ConfigMap shard =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels(MetadataKeys.TOMBSTONE, MetadataKeys.TOMBSTONE_CANCELLED)
            .addToLabels(MetadataKeys.PART_OF, MetadataKeys.FRAMEFLOW)
            .endMetadata()
            .addToData(videoId.toString(), at)
            .build();
    try {
      return client.configMaps().inNamespace(namespace).resource(shard).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return patch(name, Map.of(videoId.toString(), at));
    }
  }

  // a merge patch of data: a key with a value is set, a key with null removed
  private ConfigMap patch(String name, Map<String, String> data) {
    StringBuilder json = new StringBuilder("{\"data\":{");
    boolean first = true;
    for (Map.Entry<String, String> entry : data.entrySet()) {
      json.append(first ? "" : ",").append('"').append(entry.getKey()).append("\":");
      json.append(entry.getValue() == null ? "null" : "\"" + entry.getValue() + "\"");
      first = false;
    }
    json.append("}}");
    return client
        .configMaps()
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), json.toString());
  }

  /**
   * The ids a shard holds. A key whose value is null is a removed one: the API server deletes it on
   * a merge patch (RFC 7386), fabric8's mock server keeps it as null.
   */
  private static Map<String, String> ids(ConfigMap shard) {
    Map<String, String> ids = new LinkedHashMap<>();
    if (shard != null && shard.getData() != null) {
      shard
          .getData()
          .forEach(
              (id, at) -> {
                if (at != null) {
                  ids.put(id, at);
                }
              });
    }
    return ids;
  }

  /** Removes the oldest ids of a shard past its cap. */
  private void dropOldest(String name, Map<String, String> data) {
    List<String> oldest =
        data.entrySet().stream()
            .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
            .limit(data.size() - idsPerShard)
            .map(Map.Entry::getKey)
            .toList();
    Map<String, String> removals = new LinkedHashMap<>();
    oldest.forEach(id -> removals.put(id, null));
    patch(name, removals);
    oldest.forEach(this::forget);
    log.warn(
        "cancel tombstones: {} is full ({} ids); dropped the {} oldest",
        name,
        idsPerShard,
        oldest.size());
  }

  /** True when the video was cancelled; throws while the API server cannot say. */
  public boolean isCancelled(UUID videoId) {
    if (known.contains(videoId)) {
      return true;
    }
    if (recordedIn(client, namespace, videoId, legacyMayExist)) {
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
    return recordedIn(client, namespace, videoId, true);
  }

  private static boolean recordedIn(
      KubernetesClient client, String namespace, UUID videoId, boolean legacyToo) {
    ConfigMap shard = client.configMaps().inNamespace(namespace).withName(shardName(videoId)).get();
    if (isTombstone(shard) && ids(shard).containsKey(videoId.toString())) {
      return true;
    }
    return legacyToo
        && isTombstone(
            client.configMaps().inNamespace(namespace).withName(legacyName(videoId)).get());
  }

  private static boolean isTombstone(ConfigMap found) {
    return found != null
        && found.getMetadata().getLabels() != null
        && MetadataKeys.TOMBSTONE_CANCELLED.equals(
            found.getMetadata().getLabels().get(MetadataKeys.TOMBSTONE));
  }

  /** Removes tombstones older than the TTL, at most once per {@link #SWEEP_PERIOD}. */
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

  /**
   * Removes every id recorded more than the TTL before {@code now}, and deletes the earlier
   * releases' one-per-cancel ConfigMaps as old; lists the tombstones {@code sweepPage} at a time.
   * Returns how many cancels were forgotten.
   */
  public int sweep(Instant now) {
    int forgotten = 0;
    boolean legacySeen = false;
    String page = null;
    do {
      ConfigMapList list =
          client
              .configMaps()
              .inNamespace(namespace)
              .withLabel(MetadataKeys.TOMBSTONE, MetadataKeys.TOMBSTONE_CANCELLED)
              .list(
                  new ListOptionsBuilder().withLimit((long) sweepPage).withContinue(page).build());
      for (ConfigMap tombstone : list.getItems()) {
        String name = tombstone.getMetadata().getName();
        if (name.startsWith(SHARD_PREFIX)) {
          forgotten += sweepShard(name, ids(tombstone), now);
        } else if (LEGACY_NAME.matcher(name).matches()) {
          legacySeen = true;
          forgotten += sweepLegacy(tombstone, now);
        }
      }
      page = list.getMetadata() == null ? null : list.getMetadata().getContinue();
    } while (page != null && !page.isEmpty());
    legacyMayExist = legacySeen;
    if (forgotten > 0) {
      log.info("forgot {} cancel tombstone(s) older than {}", forgotten, ttl);
    }
    return forgotten;
  }

  private int sweepShard(String name, Map<String, String> data, Instant now) {
    Map<String, String> expired = new LinkedHashMap<>();
    data.forEach(
        (id, at) -> {
          if (expired(at, now)) {
            expired.put(id, null);
          }
        });
    if (!expired.isEmpty()) {
      patch(name, expired);
      expired.keySet().forEach(this::forget);
    }
    return expired.size();
  }

  private int sweepLegacy(ConfigMap tombstone, Instant now) {
    String at =
        tombstone.getData() != null && tombstone.getData().get("cancelledAt") != null
            ? tombstone.getData().get("cancelledAt")
            : tombstone.getMetadata().getCreationTimestamp();
    if (!expired(at, now)) {
      return 0;
    }
    client.configMaps().inNamespace(namespace).resource(tombstone).delete();
    forget(tombstone.getMetadata().getName().substring(NAME_PREFIX.length()));
    return 1;
  }

  private boolean expired(String at, Instant now) {
    try {
      return at != null && !Instant.parse(at).plus(ttl).isAfter(now);
    } catch (DateTimeParseException e) {
      return false; // not ours to interpret
    }
  }

  private void forget(String videoId) {
    try {
      known.remove(UUID.fromString(videoId));
    } catch (IllegalArgumentException ignored) {
      // not ours to interpret
    }
  }
}
