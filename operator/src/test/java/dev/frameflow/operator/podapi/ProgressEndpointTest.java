package dev.frameflow.operator.podapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint over real HTTP: only the VideoJob's own uid moves it, and only forward. */
class ProgressEndpointTest {

  static final String UID = "9b2f0c1e-4d3a-4b5c-8d7e-6f5a4b3c2d1e";
  final HttpClient http = HttpClient.newHttpClient();
  final List<String> triggered = new CopyOnWriteArrayList<>();
  ProgressEndpoint endpoint;
  volatile Map<String, String> uids = Map.of("video-a", UID);

  @BeforeEach
  void start() throws Exception {
    endpoint = ProgressEndpoint.start(0, new ProgressBoard(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void aReplicaWithoutCachesAsksThePodToTryAgain() throws Exception {
    assertThat(post("video-a", UID, "{\"percent\":10}")).isEqualTo(503);
  }

  @Test
  void theOwnTokenMovesTheVideoForwardAndTriggersAReconcile() throws Exception {
    serve();
    assertThat(post("video-a", UID, "{\"percent\":30}")).isEqualTo(204);
    assertThat(post("video-a", UID, "{\"percent\":20}")).isEqualTo(204);
    assertThat(endpoint.board().latest(UID).orElseThrow().percent()).isEqualTo(30);
    assertThat(triggered).containsExactly("ns/video-a");
  }

  @Test
  void anotherTokenAnUnknownVideoJobOrABadBodyAreRefused() throws Exception {
    serve();
    assertThat(post("video-a", "not-the-uid", "{\"percent\":50}")).isEqualTo(403);
    assertThat(post("video-a", null, "{\"percent\":50}")).isEqualTo(403);
    assertThat(post("video-b", UID, "{\"percent\":50}")).isEqualTo(404);
    assertThat(post("video-a", UID, "{\"percent\":101}")).isEqualTo(400);
    assertThat(post("video-a", UID, "not json")).isEqualTo(400);
    assertThat(endpoint.board().latest(UID)).isEmpty();
    assertThat(triggered).isEmpty();
  }

  private void serve() {
    endpoint.serve(
        new ProgressEndpoint.VideoJobs() {
          @Override
          public Optional<String> uidOf(String namespace, String name) {
            return "ns".equals(namespace) ? Optional.ofNullable(uids.get(name)) : Optional.empty();
          }

          @Override
          public void reported(String namespace, String name) {
            triggered.add(namespace + "/" + name);
          }
        });
  }

  private int post(String name, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.port() + "/progress/ns/" + name))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
