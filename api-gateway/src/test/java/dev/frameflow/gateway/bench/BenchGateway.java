package dev.frameflow.gateway.bench;

import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestPostgres;
import dev.frameflow.testing.TestVideos;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the upload benchmarks share: the api-gateway started from its exec jar as a JVM of its own
 * (its heap limited, as in production), with PostgreSQL and s3proxy in the benchmark's JVM and
 * RabbitMQ on 127.0.0.1; and the HTTP a client of it speaks: sign-up, readiness, a form upload over
 * a plain socket (so the figure is the service's, not an HTTP library's), its heap sampled from the
 * Prometheus endpoint.
 */
final class BenchGateway implements AutoCloseable {

  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\":\"([^\"]+)\"");

  private final EmbeddedPostgres postgres;
  private final InProcessS3 s3;
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private BenchGateway(EmbeddedPostgres postgres, InProcessS3 s3, Process process, int port) {
    this.postgres = postgres;
    this.s3 = s3;
    this.process = process;
    this.port = port;
  }

  /**
   * Starts PostgreSQL, s3proxy over {@code work/s3} with these buckets (the first is the gateway's
   * upload bucket), and the gateway; answers once the gateway is ready.
   */
  static BenchGateway start(Path jar, String heap, Path work, String... buckets) throws Exception {
    return start(jar, heap, work, List.of(), buckets);
  }

  /** The same, with more arguments for the gateway ({@code --name=value}). */
  static BenchGateway start(
      Path jar, String heap, Path work, List<String> arguments, String... buckets)
      throws Exception {
    EmbeddedPostgres postgres = TestPostgres.start();
    InProcessS3 s3 = InProcessS3.start(work.resolve("s3"), buckets);
    int port = freePort();
    Process process = launch(jar, heap, port, postgres, s3.endpoint(), buckets[0], work, arguments);
    BenchGateway gateway = new BenchGateway(postgres, s3, process, port);
    try {
      gateway.waitUntilReady();
    } catch (Exception e) {
      System.out.println("the gateway's log ends with:");
      try (var lines = Files.lines(work.resolve("gateway.log"))) {
        List<String> all = lines.toList();
        all.subList(Math.max(0, all.size() - 30), all.size()).forEach(System.out::println);
      }
      gateway.close();
      throw e;
    }
    return gateway;
  }

  int port() {
    return port;
  }

  HttpClient http() {
    return http;
  }

  /** A new client of the benchmark's S3; the caller closes it. */
  S3Client s3Client() {
    return s3.client();
  }

  private static Process launch(
      Path jar,
      String heap,
      int port,
      EmbeddedPostgres postgres,
      URI s3,
      String bucket,
      Path work,
      List<String> arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (System.getProperty("bench.jfr") != null) {
      // profile the service: jfr print --events jdk.ExecutionSample <file>
      command.add("-XX:StartFlightRecording=filename=" + System.getProperty("bench.jfr"));
    }
    command.addAll(
        List.of(
            "-Xmx" + heap,
            "-jar",
            jar.toString(),
            "--server.port=" + port,
            "--spring.datasource.url=" + TestPostgres.jdbcUrl(postgres),
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=postgres",
            "--frameflow.s3.endpoint=" + s3,
            "--frameflow.s3.path-style=true",
            "--frameflow.s3.access-key=" + InProcessS3.ACCESS_KEY,
            "--frameflow.s3.secret-key=" + InProcessS3.SECRET_KEY,
            "--frameflow.s3.upload-bucket=" + bucket,
            // RabbitMQ on 127.0.0.1 in a vhost of its own: nothing consumes video.uploaded there,
            // so the outbox keeps the row (returned, retried): the upload path is what we measure
            "--spring.rabbitmq.host=127.0.0.1",
            "--spring.rabbitmq.virtual-host=" + System.getProperty("bench.vhost", "/"),
            "--frameflow.mail.mode=mailbox",
            "--frameflow.mail.mailbox-dir=" + work.resolve("mailbox"),
            // the gateway refuses to start without a signing key
            "--frameflow.jwt.hmac-secret=" + UUID.randomUUID() + UUID.randomUUID(),
            "--frameflow.registration.max-per-address=1000",
            // an unconfirmed account may not upload: the benchmark's accounts count as confirmed
            "--frameflow.registration.auto-verify=true"));
    command.addAll(arguments);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("gateway.log").toFile())
        .start();
  }

  private void waitUntilReady() throws Exception {
    // a loaded machine starts the gateway slowly: -Dbench.ready-seconds gives it longer
    long deadline =
        System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("bench.ready-seconds", 120));
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the gateway exited; see its log");
      }
      try {
        if (get("/actuator/health/readiness").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the gateway did not become ready");
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    // bounded: a gateway stalled out of memory must not hang the heap sampler (and the summary)
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(java.time.Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Registers the account and answers its access token. */
  String account(String email) throws Exception {
    String body =
        "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"B\"}";
    http.send(post("/api/auth/register", body), HttpResponse.BodyHandlers.ofString());
    String login =
        http.send(
                post(
                    "/api/auth/login",
                    "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}"),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = ACCESS_TOKEN.matcher(login);
    if (!m.find()) {
      throw new IllegalStateException("login failed: " + login);
    }
    return m.group(1);
  }

  private HttpRequest post(String path, String json) {
    return HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The opening and closing of a form with one file part, for a body written by hand. */
  record FormFrame(String boundary, byte[] head, byte[] tail) {
    static FormFrame forFile(String fileName) {
      String boundary = "bench-" + UUID.randomUUID();
      byte[] head =
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + fileName
                  + "\"\r\nContent-Type: video/mp4\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
      return new FormFrame(boundary, head, tail);
    }

    long length(Path file) throws IOException {
      return head.length + Files.size(file) + tail.length;
    }

    /** The request line and headers of {@code POST /api/videos} with this body. */
    byte[] requestHeaders(String token, long length, String extraHeaders) {
      return ("POST /api/videos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + token
              + "\r\nContent-Type: multipart/form-data; boundary="
              + boundary
              + "\r\nContent-Length: "
              + length
              + "\r\n"
              + extraHeaders
              + "Connection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
    }
  }

  /**
   * Sends the multipart request over a plain socket, copying the file straight from disk; answers
   * the nanoseconds until the 202.
   */
  long formUpload(String token, Path video) throws Exception {
    FormFrame form = FormFrame.forFile("big.mp4");
    long start = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      out.write(form.requestHeaders(token, form.length(video), ""));
      out.write(form.head());
      Files.copy(video, out);
      out.write(form.tail());
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      long nanos = System.nanoTime() - start;
      if (!response.startsWith("HTTP/1.1 202")) {
        throw new IllegalStateException("upload failed: " + response);
      }
      return nanos;
    }
  }

  HeapSampler heapSampler() {
    return new HeapSampler();
  }

  /** Samples the service's used heap (all heap pools) from its Prometheus endpoint. */
  final class HeapSampler {
    private static final Pattern HEAP =
        Pattern.compile(
            "^jvm_memory_used_bytes\\{area=\"heap\".*\\} ([0-9.E+]+)$", Pattern.MULTILINE);
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    void start() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  try {
                    Matcher m = HEAP.matcher(get("/actuator/prometheus").body());
                    long used = 0;
                    while (m.find()) {
                      used += (long) Double.parseDouble(m.group(1));
                    }
                    peak.accumulateAndGet(used, Math::max);
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    // keep sampling
                  }
                }
              });
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    long peak() {
      return peak.get();
    }
  }

  /** Whether the gateway's JVM is still running. */
  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor();
    s3.close();
    postgres.close();
  }

  /**
   * A real MP4 (its boxes must parse for the upload to be accepted) followed by pseudo-random
   * bytes: only the first bytes are checked.
   */
  static void makeVideo(Path file, long size) throws IOException {
    byte[] header = TestVideos.oneSecond("mp4");
    byte[] block = new byte[1 << 20];
    new Random(42).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header);
      long written = header.length;
      while (written < size) {
        int n = (int) Math.min(block.length, size - written);
        out.write(block, 0, n);
        written += n;
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
