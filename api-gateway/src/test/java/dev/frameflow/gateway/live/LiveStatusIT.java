package dev.frameflow.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.WebFeatureTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Server-Sent Events stream shows the owner's videos, then each change as it is applied. */
class LiveStatusIT extends WebFeatureTest {

  record Event(String name, String data) {}

  @Test
  void theStreamStartsWithTheUsersVideosAndPushesProgressAndTheOutcome() throws Exception {
    String token = login(newUser());
    UUID existing = uploadVideo(token);
    String strangerToken = login(newUser());
    UUID strangers = uploadVideo(strangerToken);

    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(url("/api/videos/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    BlockingQueue<Event> events = read(response.body());
    try {
      List<Event> snapshot = until(events, "ready");
      assertThat(snapshot)
          .filteredOn(e -> e.name().equals("video"))
          .extracting(e -> json(e).get("id").asString())
          .containsExactly(existing.toString());

      publishStatus(
          statusEvent(UUID.randomUUID(), existing, "PROCESSING", "\"progressPercent\": 40"));
      JsonNode progress = json(next(events, "video"));
      assertThat(progress.get("id").asString()).isEqualTo(existing.toString());
      assertThat(progress.get("status").asString()).isEqualTo("PROCESSING");
      assertThat(progress.get("progressPercent").asInt()).isEqualTo(40);

      publishStatus(
          statusEvent(
              UUID.randomUUID(), existing, "FAILED", "\"reason\": \"not a video: audio only\""));
      JsonNode failed = json(next(events, "video"));
      assertThat(failed.get("status").asString()).isEqualTo("FAILED");
      assertThat(failed.get("failureReason").asString()).isEqualTo("not a video: audio only");

      // another user's video changes: nothing reaches this stream
      publishStatus(
          statusEvent(UUID.randomUUID(), strangers, "PROCESSING", "\"progressPercent\": 10"));
      Event unexpected = events.poll(4, TimeUnit.SECONDS);
      assertThat(unexpected).isNull();

      // a video uploaded while the stream is open shows up too (the periodic sweep)
      UUID later = uploadVideo(token);
      assertThat(json(next(events, "video")).get("id").asString()).isEqualTo(later.toString());
    } finally {
      response.body().close();
    }
  }

  /** Each stream holds a connection and is swept: one user gets a few, not the replica's all. */
  @Test
  void aUserHoldsAtMostFiveStreamsAndOthersStillGetTheirs() throws Exception {
    String token = login(newUser());
    List<InputStream> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        HttpResponse<InputStream> stream = openStream(token);
        assertThat(stream.statusCode()).isEqualTo(200);
        open.add(stream.body());
        until(read(stream.body()), "ready");
      }

      HttpResponse<InputStream> sixth = openStream(token);
      assertThat(sixth.statusCode()).isEqualTo(429);
      String problem = new String(sixth.body().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(problem).contains("\"code\":\"too-many-live-streams\"");

      HttpResponse<InputStream> someoneElse = openStream(login(newUser()));
      assertThat(someoneElse.statusCode()).isEqualTo(200);
      open.add(someoneElse.body());
    } finally {
      for (InputStream body : open) {
        body.close();
      }
    }
  }

  private HttpResponse<InputStream> openStream(String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url("/api/videos/events"))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  @Test
  void theStreamNeedsAToken() {
    HttpResponse<String> response = get("/api/videos/events", null);
    assertProblem(response, 401);
  }

  private JsonNode json(Event event) {
    return json.readTree(event.data());
  }

  private static List<Event> until(BlockingQueue<Event> events, String name)
      throws InterruptedException {
    List<Event> seen = new ArrayList<>();
    for (; ; ) {
      Event event = events.poll(10, TimeUnit.SECONDS);
      assertThat(event).as("event '%s' within 10 s, after %s", name, seen).isNotNull();
      seen.add(event);
      if (event.name().equals(name)) {
        return seen;
      }
    }
  }

  private static Event next(BlockingQueue<Event> events, String name) throws InterruptedException {
    Event event = events.poll(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    assertThat(event).as("an event '%s' within 10 s", name).isNotNull();
    assertThat(event.name()).isEqualTo(name);
    return event;
  }

  /** Parses the stream on its own thread: named events with their data lines. */
  private static BlockingQueue<Event> read(InputStream body) {
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String name = "message";
                StringBuilder data = new StringBuilder();
                for (String line; (line = lines.readLine()) != null; ) {
                  if (line.isEmpty()) {
                    if (data.length() > 0) {
                      events.add(new Event(name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                  } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                  } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                  }
                }
              } catch (Exception closed) {
                // the test closed the stream
              }
            },
            "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return events;
  }
}
