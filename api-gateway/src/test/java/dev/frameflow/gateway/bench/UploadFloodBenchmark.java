package dev.frameflow.gateway.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upload flood (docs/benchmarks.md): N users start a large upload each at the same moment
 * against the api-gateway running as its own JVM at -Xmx256m (PostgreSQL and s3proxy in this JVM,
 * RabbitMQ on 127.0.0.1). Clients send {@code Expect: 100-continue}, as curl does for large bodies,
 * and retry after {@code Retry-After} when refused. Prints every first answer by status, whether
 * each refusal carried Retry-After, how long until all were accepted, the service's peak heap,
 * whether its log shows an OutOfMemoryError, and whether it is healthy afterwards. Exits 1 when any
 * answer was a 5xx other than 503, lacked Retry-After, or the service ran out of memory.
 *
 * <p>Arguments: exec jar, uploads (32), size MiB (100), heap (256m), time limit seconds (900).
 */
public final class UploadFloodBenchmark {

  record Answer(int status, String retryAfter, String body) {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int uploads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    long sizeMiB = args.length > 2 ? Long.parseLong(args[2]) : 100;
    String heap = args.length > 3 ? args[3] : "256m";
    long limitSeconds = args.length > 4 ? Long.parseLong(args[4]) : 900;
    Path work = Files.createTempDirectory("gateway-flood");
    Path video = work.resolve("flood.mp4");
    BenchGateway.makeVideo(video, sizeMiB * 1024 * 1024);
    int exit = 0;
    try (BenchGateway gateway = BenchGateway.start(jar, heap, work, "uploads")) {
      int port = gateway.port();
      ExecutorService clients = Executors.newFixedThreadPool(uploads);
      try {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
          tokens.add(gateway.account("flood-" + i + "@example.org"));
        }
        BenchGateway.HeapSampler heapSampler = gateway.heapSampler();
        heapSampler.start();
        Map<Integer, AtomicInteger> firstAnswers = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> allAnswers = new ConcurrentHashMap<>();
        AtomicInteger refusalsWithoutRetryAfter = new AtomicInteger();
        AtomicInteger connectionErrors = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        long start = System.nanoTime();
        List<Future<Long>> accepted = new ArrayList<>();
        for (String token : tokens) {
          accepted.add(
              clients.submit(
                  () -> {
                    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
                      Answer answer;
                      try {
                        answer = upload(port, token, video);
                      } catch (IOException e) {
                        connectionErrors.incrementAndGet();
                        Thread.sleep(1000);
                        continue;
                      }
                      // first answers separately; allAnswers gets them added at the end
                      (attempt == 0 ? firstAnswers : allAnswers)
                          .computeIfAbsent(answer.status(), s -> new AtomicInteger())
                          .incrementAndGet();
                      if (answer.status() == 202) {
                        return System.nanoTime() - start;
                      }
                      if (answer.status() != 503 && answer.status() != 429) {
                        System.out.println("unexpected answer: " + answer);
                        return -1L;
                      }
                      if (answer.retryAfter() == null) {
                        refusalsWithoutRetryAfter.incrementAndGet();
                        Thread.sleep(1000);
                      } else {
                        Thread.sleep(Long.parseLong(answer.retryAfter()) * 1000);
                      }
                    }
                    return -1L;
                  }));
        }
        long lastAccepted = 0;
        int acceptedCount = 0;
        for (Future<Long> result : accepted) {
          long nanos = result.get();
          if (nanos >= 0) {
            acceptedCount++;
            lastAccepted = Math.max(lastAccepted, nanos);
          }
        }
        heapSampler.stop();
        firstAnswers.forEach(
            (status, count) ->
                allAnswers
                    .computeIfAbsent(status, s -> new AtomicInteger())
                    .addAndGet(count.get()));
        boolean healthy = gateway.get("/actuator/health").statusCode() == 200;
        boolean outOfMemory =
            Files.readString(work.resolve("gateway.log")).contains("OutOfMemoryError");
        long serverErrors =
            allAnswers.entrySet().stream()
                .filter(e -> e.getKey() >= 500 && e.getKey() != 503)
                .mapToLong(e -> e.getValue().get())
                .sum();
        System.out.printf(
            "%d concurrent uploads of %d MiB, service at -Xmx%s%n", uploads, sizeMiB, heap);
        System.out.println("first answers by status : " + sorted(firstAnswers));
        System.out.println("all answers by status   : " + sorted(allAnswers));
        System.out.println("refusals w/o Retry-After: " + refusalsWithoutRetryAfter.get());
        System.out.println("connection errors       : " + connectionErrors.get());
        System.out.println("5xx other than 503      : " + serverErrors);
        System.out.printf(
            "accepted                : %d of %d, the last after %.1f s%n",
            acceptedCount, uploads, lastAccepted / 1e9);
        System.out.printf(
            "throughput of the flood : %.1f MiB/s%n",
            acceptedCount * sizeMiB / (lastAccepted / 1e9));
        System.out.printf(
            "service peak heap used  : %.0f MiB%n", heapSampler.peak() / 1024.0 / 1024.0);
        System.out.println("OutOfMemoryError in log : " + outOfMemory);
        System.out.println("healthy afterwards      : " + healthy);
        if (serverErrors > 0
            || refusalsWithoutRetryAfter.get() > 0
            || outOfMemory
            || !healthy
            || acceptedCount < uploads) {
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

  private static String sorted(Map<Integer, AtomicInteger> counts) {
    return new java.util.TreeMap<>(counts).toString();
  }

  /**
   * One upload over a plain socket with {@code Expect: 100-continue}: the body is sent only after
   * the service says 100; a refusal comes before it.
   */
  static Answer upload(int port, String token, Path video) throws IOException {
    BenchGateway.FormFrame form = BenchGateway.FormFrame.forFile("flood.mp4");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(300_000);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      out.write(form.requestHeaders(token, form.length(video), "Expect: 100-continue\r\n"));
      out.flush();
      InputStream in = socket.getInputStream();
      Answer interim = readAnswer(in);
      if (interim.status() != 100) {
        return interim;
      }
      out.write(form.head());
      Files.copy(video, out);
      out.write(form.tail());
      out.flush();
      return readAnswer(in);
    }
  }

  // a status line, headers and (for final answers) the body up to the end of the connection
  private static Answer readAnswer(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    String retryAfter = null;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.toLowerCase(Locale.ROOT).startsWith("retry-after:")) {
        retryAfter = header.substring("retry-after:".length()).strip();
      }
    }
    if (status == 100) {
      return new Answer(status, null, "");
    }
    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    return new Answer(status, retryAfter, body.length() > 300 ? body.substring(0, 300) : body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    if (b < 0 && line.size() == 0) {
      throw new IOException("the connection closed without an answer");
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
