package dev.frameflow.operator.podapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pod endpoint's limits (issue 27, item 8), with real sockets: each hostile caller on a
 * loopback address of its own (127.0.0.2), as each pod has its own address in a cluster, and a
 * well-behaved one on 127.0.0.1.
 */
class PodServerLimitsTest {

  static final String HOSTILE = "127.0.0.2";
  static final String HONEST = "127.0.0.1";

  PodServer server;
  final CountDownLatch release = new CountDownLatch(1);
  final ExecutorService clients = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    release.countDown();
    clients.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  private void start(int threads, int queue, CallerLimits.Settings callers) throws IOException {
    server =
        PodServer.start(
            new PodServer.Settings(
                Duration.ofSeconds(5), 16 * 1024, 4 * 1024, threads, queue, callers),
            0);
    server.route("/fast", exchange -> PodExchange.Answer.of(204));
    server.route(
        "/slow",
        exchange -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return PodExchange.Answer.of(204);
        });
  }

  private static CallerLimits.Settings lifted() {
    return new CallerLimits.Settings(1000, 1000, 1000, 1_000_000, 1_000_000);
  }

  @Test
  void aCallerOverItsRateGets429WhileAnotherCallerIsServed() throws Exception {
    // a burst of 3, then one request every 100 s
    start(4, 64, new CallerLimits.Settings(1000, 1000, 1000, 0.01, 3));

    List<String> hostile = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      hostile.add(exchange(HOSTILE, get("/fast")));
    }

    assertThat(hostile.subList(0, 3)).allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 204"));
    assertThat(hostile.subList(3, 6))
        .allSatisfy(
            a -> assertThat(a).startsWith("HTTP/1.1 429").containsIgnoringCase("retry-after: 1"));
    assertThat(exchange(HONEST, get("/fast"))).startsWith("HTTP/1.1 204");
  }

  @Test
  void aCallersConnectionsBeyondItsCapAreClosedAtOnceOthersAreServed() throws Exception {
    start(4, 64, new CallerLimits.Settings(1000, 2, 1000, 1_000_000, 1_000_000));
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        held.add(connect(HOSTILE));
      }
      Socket third = connect(HOSTILE);
      held.add(third);
      third.setSoTimeout(3_000);
      assertThat(third.getInputStream().read()).as("closed without an answer").isEqualTo(-1);

      assertThat(exchange(HONEST, get("/fast"))).startsWith("HTTP/1.1 204");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void aCallerHoldsAtMostItsShareOfTheWorkers() throws Exception {
    start(4, 64, new CallerLimits.Settings(1000, 1000, 2, 1_000_000, 1_000_000));
    // two slow requests of the hostile caller hold two workers...
    List<Future<String>> slow = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      slow.add(clients.submit(() -> exchange(HOSTILE, get("/slow"))));
    }
    Thread.sleep(500);
    // ...a third is refused, and the honest caller is served by the others
    assertThat(exchange(HOSTILE, get("/slow"))).startsWith("HTTP/1.1 429");
    assertThat(exchange(HONEST, get("/fast"))).startsWith("HTTP/1.1 204");
    release.countDown();
    for (Future<String> answer : slow) {
      assertThat(answer.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 204");
    }
  }

  @Test
  void requestsBeyondTheWorkersAndTheirQueueGet503WithRetryAfter() throws Exception {
    start(1, 1, lifted());
    Future<String> working = clients.submit(() -> exchange(HONEST, get("/slow")));
    Thread.sleep(300);
    Future<String> queued = clients.submit(() -> exchange(HONEST, get("/slow")));
    Thread.sleep(300);

    assertThat(exchange(HONEST, get("/fast")))
        .startsWith("HTTP/1.1 503")
        .containsIgnoringCase("retry-after: 1");
    release.countDown();
    assertThat(working.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 204");
    assertThat(queued.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 204");
  }

  @Test
  void anOversizedBodyOrHeaderIsRefusedWithoutBeingRead() throws Exception {
    start(4, 64, lifted());
    String bigBody =
        "POST /fast HTTP/1.1\r\nHost: operator\r\nContent-Length: 104857600\r\n\r\n"
            + "x".repeat(10);
    assertThat(exchange(HONEST, bigBody)).startsWith("HTTP/1.1 413");
    String bigHeader =
        "GET /fast HTTP/1.1\r\nHost: operator\r\nX-Big: " + "h".repeat(32 * 1024) + "\r\n\r\n";
    assertThat(exchange(HONEST, bigHeader)).isNotEmpty().doesNotStartWith("HTTP/1.1 204");
  }

  @Test
  void aBodyTrickledPastTheRequestTimeoutIsCutOff() throws Exception {
    start(4, 64, lifted());
    try (Socket socket = connect(HONEST)) {
      socket
          .getOutputStream()
          .write(
              "POST /fast HTTP/1.1\r\nHost: operator\r\nContent-Length: 100\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(15_000);
      InputStream in = socket.getInputStream();
      // one body byte a second; the endpoint closes the connection at its 5 s deadline
      int read = 0;
      for (int i = 0; i < 12 && read != -1; i++) {
        try {
          socket.getOutputStream().write('x');
        } catch (IOException e) {
          break;
        }
        socket.setSoTimeout(1_000);
        try {
          read = in.read();
        } catch (java.net.SocketTimeoutException e) {
          read = 0;
        }
      }
      assertThat(read).as("closed before the body was whole").isEqualTo(-1);
    }
  }

  private Socket connect(String from) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(from, 0));
    socket.connect(new InetSocketAddress(HONEST, server.port()), 2_000);
    return socket;
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: operator\r\n\r\n";
  }

  /** Sends {@code request} from address {@code from}; returns the whole answer (to the close). */
  private String exchange(String from, String request) throws IOException {
    try (Socket socket = connect(from)) {
      socket.setSoTimeout(10_000);
      try {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // the endpoint answered and closed before reading it all
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(answer);
      } catch (IOException e) {
        // reset after the answer
      }
      return answer.toString(StandardCharsets.US_ASCII);
    }
  }
}
