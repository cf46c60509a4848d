package dev.frameflow.gateway.live;

import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import dev.frameflow.gateway.status.VideoStatusApplied;
import dev.frameflow.gateway.video.Video;
import dev.frameflow.gateway.video.VideoRepository;
import dev.frameflow.gateway.video.VideoView;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Keeps the open status streams and sends each one the owner's videos that changed. Level-based: a
 * sweep compares what the database holds with what the stream was last sent, so a change made by
 * another replica, a missed push or a reconnect all end in the same state. A {@link
 * VideoStatusApplied} on this replica sweeps its owner's streams at once. One thread sends, so a
 * slow client delays others by at most one write; a broken stream is dropped.
 */
@Component
@EnableConfigurationProperties(LiveProperties.class)
public class LiveStatusHub implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(LiveStatusHub.class);

  private final VideoRepository videos;
  private final JdbcClient jdbc;
  private final LiveProperties properties;
  private final Map<UUID, Set<Stream>> streams = new ConcurrentHashMap<>();
  private volatile boolean closing;
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "live-status");
            thread.setDaemon(true);
            return thread;
          });

  /** One open stream and the version of each video it was last sent. */
  private static final class Stream {
    final SseEmitter emitter;
    final Map<UUID, String> sent = new ConcurrentHashMap<>();

    Stream(SseEmitter emitter) {
      this.emitter = emitter;
    }
  }

  public LiveStatusHub(VideoRepository videos, JdbcClient jdbc, LiveProperties properties) {
    this.videos = videos;
    this.jdbc = jdbc;
    this.properties = properties;
    long sweep = properties.sweepInterval().toMillis();
    sender.scheduleWithFixedDelay(this::sweepAll, sweep, sweep, TimeUnit.MILLISECONDS);
    long beat = properties.heartbeat().toMillis();
    sender.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
  }

  /** Opens a stream: first every recent video of the user, then each change. */
  public SseEmitter subscribe(UUID userId) {
    SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
    if (closing) {
      emitter.complete();
      return emitter;
    }
    Stream stream = new Stream(emitter);
    boolean[] admitted = {false};
    // counted and added in one step, so parallel requests cannot pass the bound together
    streams.compute(
        userId,
        (id, open) -> {
          Set<Stream> set = open != null ? open : ConcurrentHashMap.newKeySet();
          if (set.size() < properties.maxStreamsPerUser()) {
            admitted[0] = set.add(stream);
          }
          return set.isEmpty() ? null : set;
        });
    if (!admitted[0]) {
      throw ApiProblem.of(
          ProblemType.TOO_MANY_LIVE_STREAMS,
          "at most "
              + properties.maxStreamsPerUser()
              + " live streams per user at once: close one, or poll GET /api/videos");
    }
    Runnable remove = () -> drop(userId, stream);
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(error -> remove.run());
    sender.execute(
        () -> {
          sweep(userId, stream);
          send(userId, stream, SseEmitter.event().name("ready").data("{}"));
        });
    return emitter;
  }

  int openStreams() {
    return streams.values().stream().mapToInt(Set::size).sum();
  }

  @EventListener
  void onStatusApplied(VideoStatusApplied applied) {
    sender.execute(
        () ->
            jdbc.sql("select owner_id from video where id = ?")
                .param(applied.videoId())
                .query(UUID.class)
                .optional()
                .ifPresent(this::sweepUser));
  }

  private void sweepAll() {
    streams.keySet().forEach(this::sweepUser);
  }

  private void sweepUser(UUID userId) {
    Set<Stream> open = streams.get(userId);
    if (open == null || open.isEmpty()) {
      return;
    }
    try {
      var recent = videos.pageOwned(userId, null, 0, properties.videosPerUser());
      for (Stream stream : open) {
        sendChanged(userId, stream, recent);
      }
    } catch (RuntimeException e) {
      log.warn("live status sweep for user {} failed: {}", userId, e.toString());
    }
  }

  private void sweep(UUID userId, Stream stream) {
    try {
      sendChanged(userId, stream, videos.pageOwned(userId, null, 0, properties.videosPerUser()));
    } catch (RuntimeException e) {
      log.warn("live status snapshot for user {} failed: {}", userId, e.toString());
    }
  }

  private void sendChanged(UUID userId, Stream stream, java.util.List<Video> recent) {
    for (Video video : recent) {
      String version = video.status() + "/" + video.progressPercent() + "/" + video.updatedAt();
      if (!version.equals(stream.sent.get(video.id()))) {
        boolean sent =
            send(
                userId,
                stream,
                SseEmitter.event()
                    .name("video")
                    .id(video.id().toString())
                    .data(VideoView.of(video), MediaType.APPLICATION_JSON));
        if (!sent) {
          return;
        }
        stream.sent.put(video.id(), version);
      }
    }
  }

  private void heartbeat() {
    streams.forEach(
        (userId, open) ->
            open.forEach(stream -> send(userId, stream, SseEmitter.event().comment("keep-alive"))));
  }

  private boolean send(UUID userId, Stream stream, SseEmitter.SseEventBuilder event) {
    try {
      stream.emitter.send(event);
      return true;
    } catch (IOException | IllegalStateException e) {
      // the client went away (or the stream timed out): forget it
      drop(userId, stream);
      stream.emitter.completeWithError(e);
      return false;
    }
  }

  private void drop(UUID userId, Stream stream) {
    streams.computeIfPresent(
        userId,
        (id, open) -> {
          open.remove(stream);
          return open.isEmpty() ? null : open;
        });
  }

  /**
   * Ends every stream as soon as shutdown begins: an open stream is an active request, and the web
   * server's graceful shutdown would otherwise wait for it until its timeout. The pages reconnect
   * (to another replica) at once.
   */
  @EventListener(ContextClosedEvent.class)
  void endStreamsOnShutdown() {
    closing = true;
    streams.values().forEach(open -> open.forEach(stream -> stream.emitter.complete()));
    streams.clear();
  }

  @Override
  public void destroy() {
    sender.shutdownNow();
    endStreamsOnShutdown();
  }
}
