package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.upload.PresignedAccess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grant fetch against a real HTTP endpoint standing in for the operator: the answers are
 * scripted one request at a time, and every request's Authorization header is recorded.
 */
class AccessGrantClientTest {

  static final String SIGNATURE = "0123456789abcdef".repeat(4);

  @TempDir Path dir;
  private HttpServer server;
  private Path tokenFile;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
  private volatile Answer last;
  private volatile Runnable onFirstRequest = () -> {};

  record Answer(int status, byte[] body) {
    static Answer of(int status) {
      return new Answer(status, new byte[0]);
    }

    static Answer json(Object value) throws Exception {
      return new Answer(200, new ObjectMapper().writeValueAsBytes(value));
    }
  }

  @BeforeEach
  void startOperator() throws Exception {
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "token-one\n");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        AccessGrant.PATH,
        exchange -> {
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          if (authorizations.size() == 1) {
            onFirstRequest.run();
          }
          Answer answer = script.poll();
          if (answer == null) {
            answer = last;
          }
          last = answer;
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(
              answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
          if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopOperator() {
    server.stop(0);
  }

  @Test
  void sendsTheFilesTokenRetries503And429WithTheRotatedTokenAndReturnsTheGrant() throws Exception {
    AccessGrant expected = onePodGrant();
    script.add(Answer.of(503));
    script.add(Answer.of(429));
    script.add(Answer.json(expected));
    // the kubelet rotates the projected token while the operator is still unavailable
    onFirstRequest = () -> write(tokenFile, "token-two\n");

    AccessGrant grant = AccessGrantClient.fromEnvironment(env(5), logged::add);

    assertThat(grant).isEqualTo(expected);
    assertThat(authorizations)
        .containsExactly("Bearer token-one", "Bearer token-two", "Bearer token-two");
    assertThat(logged).hasSize(2);
    assertThat(logged.get(0))
        .isEqualTo("access grant from " + hostAndPort() + ": HTTP 503, retrying in 500 ms");
    assertThat(logged.get(1))
        .isEqualTo("access grant from " + hostAndPort() + ": HTTP 429, retrying in 1000 ms");
    assertNoCredentialIn(logged);
  }

  @Test
  void givesUpWhenTheWaitIsSpentWithTheLastStatus() throws Exception {
    script.add(Answer.of(503));
    long started = System.nanoTime();

    assertThatThrownBy(() -> AccessGrantClient.fromEnvironment(env(2), logged::add))
        .isInstanceOf(AccessGrantClient.Unavailable.class)
        .hasMessageStartingWith("access grant from " + hostAndPort() + ": no grant after ")
        .hasMessageContaining("in 2 s (FRAMEFLOW_ACCESS_WAIT_SECONDS), last: HTTP 503");

    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(seconds).isBetween(2.0, 6.0);
    // 0.5 + 1 s, then the remaining 0.5 s, then the last try at the deadline
    assertThat(authorizations).hasSize(4);
    assertNoCredentialIn(logged);
  }

  @Test
  void anUnreachableOperatorIsRetriedUntilTheWaitIsSpent() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> env = env(1);
    env.put(AccessGrant.URL_VARIABLE, "http://127.0.0.1:" + closedPort + AccessGrant.PATH);

    assertThatThrownBy(() -> AccessGrantClient.fromEnvironment(env, logged::add))
        .isInstanceOf(AccessGrantClient.Unavailable.class)
        .hasMessageContaining("last: ConnectException");
    assertThat(logged).isNotEmpty().allMatch(line -> line.contains("ConnectException"));
  }

  @Test
  void forbiddenUnauthorizedAndNotFoundAreNotRetried() throws Exception {
    for (int status : new int[] {401, 403, 404}) {
      authorizations.clear();
      script.clear();
      script.add(Answer.of(status));
      script.add(Answer.json(onePodGrant())); // would be answered to a second attempt

      assertThatThrownBy(() -> AccessGrantClient.fromEnvironment(env(30), logged::add))
          .as("HTTP %d", status)
          .isInstanceOf(AccessGrantClient.Unavailable.class)
          .hasMessageStartingWith("access grant from " + hostAndPort() + ": HTTP " + status)
          .hasMessageContaining("not entitled");
      assertThat(authorizations).as("HTTP %d", status).hasSize(1);
    }
    assertThat(logged).isEmpty();
  }

  @Test
  void anInvalidOrOversizedGrantIsRefusedWithoutRetry() throws Exception {
    // both shapes at once, and a blank source
    AccessGrant twoShapes =
        new AccessGrant(
            " ",
            onePodGrant().upload(),
            new AccessGrant.SliceGrant(0, "https://s3/p", "https://s3/s", "https://s3/i"));
    script.add(Answer.json(twoShapes));
    assertThatThrownBy(() -> AccessGrantClient.fromEnvironment(env(30), logged::add))
        .isInstanceOf(AccessGrantClient.Unavailable.class)
        .hasMessageContaining("invalid grant")
        .hasMessageContaining("oneShape")
        .hasMessageContaining("sourceUrl")
        .hasMessageNotContaining("https://s3");
    assertThat(authorizations).hasSize(1);

    script.clear();
    script.add(new Answer(200, "{\"sourceUrl\": \"https://s3/x?X-Amz-Signature=s".getBytes()));
    assertThatThrownBy(() -> AccessGrantClient.fromEnvironment(env(30), logged::add))
        .hasMessageEndingWith("the answer is not a grant's JSON");

    script.clear();
    byte[] huge = new byte[AccessGrantClient.MAX_BODY_BYTES + 10];
    java.util.Arrays.fill(huge, (byte) ' ');
    script.add(new Answer(200, huge));
    assertThatThrownBy(() -> AccessGrantClient.fromEnvironment(env(30), logged::add))
        .hasMessageEndingWith("the answer exceeds 262144 bytes");
    assertThat(authorizations).hasSize(3);
  }

  @Test
  void aMissingTokenFileIsWaitedForAndNamedWhenTheWaitIsSpent() throws Exception {
    script.add(Answer.json(onePodGrant()));
    Files.delete(tokenFile);

    assertThatThrownBy(() -> AccessGrantClient.fromEnvironment(env(1), logged::add))
        .isInstanceOf(AccessGrantClient.Unavailable.class)
        .hasMessageEndingWith("last: the token file is unreadable");
    assertThat(authorizations).isEmpty();
    assertThat(logged).isNotEmpty().allMatch(line -> line.contains("the token file is unreadable"));
  }

  @Test
  void neitherVariableMeansNoGrantOneWithoutTheOtherIsRefused() throws Exception {
    assertThat(AccessGrantClient.fromEnvironment(Map.of(), logged::add)).isNull();
    assertThatThrownBy(
            () ->
                AccessGrantClient.fromEnvironment(
                    Map.of(AccessGrant.URL_VARIABLE, url()), logged::add))
        .isInstanceOf(AccessGrantClient.Unavailable.class)
        .hasMessageContaining("only FRAMEFLOW_ACCESS_URL is set");
    assertThatThrownBy(
            () ->
                AccessGrantClient.fromEnvironment(
                    Map.of(AccessGrant.TOKEN_FILE_VARIABLE, tokenFile.toString()), logged::add))
        .hasMessageContaining("only FRAMEFLOW_ACCESS_TOKEN_FILE is set");
    Map<String, String> badWait = env(5);
    badWait.put(AccessGrantClient.WAIT_VARIABLE, "soon");
    assertThatThrownBy(() -> AccessGrantClient.fromEnvironment(badWait, logged::add))
        .hasMessage("FRAMEFLOW_ACCESS_WAIT_SECONDS must be 0..3600 but was soon");
    assertThat(authorizations).isEmpty();
  }

  static AccessGrant onePodGrant() {
    String base = "https://s3.example/results/v/frames.zip";
    return new AccessGrant(
        "https://s3.example/uploads/v/source?X-Amz-Signature=" + SIGNATURE,
        new PresignedAccess(
            PresignedAccess.MIN_PART_SIZE_BYTES,
            base + "?partNumber={partNumber}&uploadId=u&X-Amz-Signature={signature}",
            List.of(SIGNATURE, SIGNATURE),
            base + "?uploadId=u&X-Amz-Signature=" + SIGNATURE,
            base + "?uploadId=u&X-Amz-Signature=" + SIGNATURE),
        null);
  }

  private Map<String, String> env(int waitSeconds) {
    Map<String, String> env = new HashMap<>();
    env.put(AccessGrant.URL_VARIABLE, url());
    env.put(AccessGrant.TOKEN_FILE_VARIABLE, tokenFile.toString());
    env.put(AccessGrantClient.WAIT_VARIABLE, Integer.toString(waitSeconds));
    return env;
  }

  private String url() {
    return "http://" + hostAndPort() + AccessGrant.PATH;
  }

  private String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void assertNoCredentialIn(List<String> lines) {
    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(line)
                    .doesNotContain(
                        "token-one", "token-two", AccessGrant.PATH, tokenFile.toString()));
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
