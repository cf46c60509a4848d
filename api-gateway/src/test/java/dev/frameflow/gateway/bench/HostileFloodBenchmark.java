package dev.frameflow.gateway.bench;

import dev.frameflow.gateway.support.HostileHttpServer;
import dev.frameflow.gateway.support.HostileHttpServer.Mode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hostile-server flood (issue 27, docs/benchmarks.md): the api-gateway as its own JVM at
 * -Xmx256m imports, all at once, N videos from a server that answers {@code 200} and then header
 * lines for ever, and N from a tarpit that trickles the video at 5 KiB/s, both real sockets on
 * 127.0.0.1 (the gateway is told to allow that address), from 8 hostile accounts that try again
 * after each 503/429 until their URL is fetched; meanwhile another user uploads videos through
 * {@code POST /api/videos}, retrying after {@code Retry-After} like a well-behaved client. Prints
 * the hostile imports' answers by status, how many were 500, whether the JVM is alive (and no
 * OutOfMemoryError in its log), how many of the other user's uploads were accepted and how long the
 * slowest waited, and the service's peak heap. Exits 1 when a 500 was answered, the JVM died or ran
 * out of memory, or an upload of the other user was not accepted.
 *
 * <p>Arguments: exec jar, imports per hostile server (32), heap (256m), the other user's uploads
 * (4), their size MiB (20), time limit seconds (600).
 */
public final class HostileFloodBenchmark {

  private static final int HOSTILE_ACCOUNTS = 8;

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int imports = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    String heap = args.length > 2 ? args[2] : "256m";
    int uploads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    long sizeMiB = args.length > 4 ? Long.parseLong(args[4]) : 20;
    long limitSeconds = args.length > 5 ? Long.parseLong(args[5]) : 600;
    Path work = Files.createTempDirectory("gateway-hostile-flood");
    Path video = work.resolve("bystander.mp4");
    BenchGateway.makeVideo(video, sizeMiB * 1024 * 1024);
    byte[] trickled = Files.readAllBytes(video);
    int exit = 0;
    try (HostileHttpServer headers =
            HostileHttpServer.of(Mode.ENDLESS_HEADER_LINES, 0, new byte[0]);
        HostileHttpServer tarpit =
            new HostileHttpServer(Mode.TRICKLED_BODY, 0, trickled, Duration.ofMillis(200), 1024);
        BenchGateway gateway =
            BenchGateway.start(
                jar,
                heap,
                work,
                List.of("--frameflow.outbound.allowed-networks=127.0.0.1/32"),
                "uploads")) {
      List<String> hostile = new ArrayList<>();
      for (int i = 0; i < HOSTILE_ACCOUNTS; i++) {
        hostile.add(gateway.account("hostile-" + i + "@example.org"));
      }
      String bystander = gateway.account("bystander@example.org");
      BenchGateway.HeapSampler heapSampler = gateway.heapSampler();
      heapSampler.start();
      ExecutorService clients = Executors.newCachedThreadPool();
      try {
        Map<Integer, AtomicInteger> importAnswers = new ConcurrentHashMap<>();
        AtomicInteger importErrors = new AtomicInteger();
        AtomicInteger fetched = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        long start = System.nanoTime();
        List<Future<?>> hostileImports = new ArrayList<>();
        for (int i = 0; i < 2 * imports; i++) {
          String token = hostile.get(i % HOSTILE_ACCOUNTS);
          String url = (i % 2 == 0 ? headers : tarpit).url("/video-" + i + ".mp4");
          hostileImports.add(
              clients.submit(
                  () -> {
                    // a persistent attacker: refused for lack of a slot (503) or past its
                    // account's share (429), it tries again after Retry-After, until the
                    // gateway has fetched its URL
                    while (System.nanoTime() < deadline) {
                      HttpResponse<Void> answer;
                      try {
                        answer = importUrl(gateway, token, url, limitSeconds);
                      } catch (IOException e) {
                        importErrors.incrementAndGet();
                        return null;
                      }
                      importAnswers
                          .computeIfAbsent(answer.statusCode(), s -> new AtomicInteger())
                          .incrementAndGet();
                      if (answer.statusCode() != 503 && answer.statusCode() != 429) {
                        fetched.incrementAndGet();
                        return null;
                      }
                      Thread.sleep(
                          1000
                              * Long.parseLong(
                                  answer.headers().firstValue("Retry-After").orElse("1")));
                    }
                    return null;
                  }));
        }
        // the other user starts once the flood is under way
        Thread.sleep(1000);
        Map<Integer, AtomicInteger> uploadAnswers = new ConcurrentHashMap<>();
        int accepted = 0;
        long slowest = 0;
        for (int i = 0; i < uploads; i++) {
          long began = System.nanoTime();
          while (System.nanoTime() < deadline) {
            UploadFloodBenchmark.Answer answer;
            try {
              answer = UploadFloodBenchmark.upload(gateway.port(), bystander, video);
            } catch (IOException e) {
              uploadAnswers.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
              Thread.sleep(1000);
              continue;
            }
            uploadAnswers
                .computeIfAbsent(answer.status(), s -> new AtomicInteger())
                .incrementAndGet();
            if (answer.status() == 202) {
              accepted++;
              slowest = Math.max(slowest, System.nanoTime() - began);
              break;
            }
            if (answer.status() != 503 && answer.status() != 429) {
              System.out.println("the other user's upload was refused: " + answer);
              break;
            }
            Thread.sleep(
                answer.retryAfter() == null ? 1000 : Long.parseLong(answer.retryAfter()) * 1000);
          }
        }
        for (Future<?> result : hostileImports) {
          result.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        long flood = System.nanoTime() - start;
        heapSampler.stop();
        boolean alive = gateway.alive();
        boolean healthy = alive && gateway.get("/actuator/health").statusCode() == 200;
        boolean outOfMemory =
            Files.readString(work.resolve("gateway.log")).contains("OutOfMemoryError");
        int serverErrors =
            importAnswers.getOrDefault(500, new AtomicInteger()).get()
                + uploadAnswers.getOrDefault(500, new AtomicInteger()).get();
        System.out.printf(
            "%d imports from a server sending endless headers + %d from a tarpit (5 KiB/s),"
                + " %d hostile accounts, service at -Xmx%s%n",
            imports, imports, HOSTILE_ACCOUNTS, heap);
        System.out.println("hostile imports by status : " + new TreeMap<>(importAnswers));
        System.out.println("hostile imports unanswered: " + importErrors.get());
        System.out.printf(
            "hostile URLs fetched      : %d of %d (each retried after 503/429)%n",
            fetched.get(), 2 * imports);
        System.out.printf("all hostile imports ended : after %.1f s%n", flood / 1e9);
        System.out.println("500 answers               : " + serverErrors);
        System.out.println("JVM alive, healthy        : " + alive + ", " + healthy);
        System.out.println("OutOfMemoryError in log   : " + outOfMemory);
        System.out.println("other user's uploads      : " + new TreeMap<>(uploadAnswers));
        System.out.printf(
            "other user's uploads      : %d of %d accepted (%d MiB each), the slowest after"
                + " %.1f s%n",
            accepted, uploads, sizeMiB, slowest / 1e9);
        System.out.printf(
            "service peak heap used    : %.0f MiB%n", heapSampler.peak() / 1024.0 / 1024.0);
        System.out.printf(
            "endless-header connections: %d, the most any was let write: %.2f MiB%n",
            headers.connections().size(),
            headers.connections().stream().mapToLong(c -> c.written().get()).max().orElse(0)
                / 1024.0
                / 1024.0);
        if (serverErrors > 0
            || !alive
            || !healthy
            || outOfMemory
            || accepted < uploads
            || importErrors.get() > 0
            || fetched.get() < 2 * imports) {
          exit = 1;
        }
      } finally {
        clients.shutdownNow();
      }
    } finally {
      BenchGateway.deleteTree(work);
    }
    System.exit(exit);
  }

  private static HttpResponse<Void> importUrl(
      BenchGateway gateway, String token, String url, long limitSeconds)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(gateway.uri("/api/videos/import"))
            .timeout(Duration.ofSeconds(limitSeconds))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + url + "\"}"))
            .build();
    return gateway.http().send(request, HttpResponse.BodyHandlers.discarding());
  }
}
