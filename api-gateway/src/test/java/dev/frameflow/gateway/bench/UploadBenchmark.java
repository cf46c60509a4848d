package dev.frameflow.gateway.bench;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads one large file through the api-gateway (running as its own JVM at -Xmx256m) and, in the
 * same run against the same s3proxy, straight to S3 with the AWS SDK; prints throughput, the
 * service's peak heap and the ratio. Run by api-gateway/bench/upload-benchmark.sh.
 *
 * <p>Arguments: path of the api-gateway exec jar, size in MiB (default 2048), heap (default 256m).
 */
public final class UploadBenchmark {

  static final String ACCESS = "bench-access";
  static final String SECRET = "bench-secret-key-not-a-real-one";
  private static final int PART = 8 * 1024 * 1024;

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    long sizeMiB = args.length > 1 ? Long.parseLong(args[1]) : 2048;
    String heap = args.length > 2 ? args[2] : "256m";
    Path work = Files.createTempDirectory("gateway-bench");
    Path video = work.resolve("big.mp4");
    makeVideo(video, sizeMiB * 1024 * 1024);

    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      Path store = Files.createDirectories(work.resolve("s3"));
      Files.createDirectories(store.resolve("uploads"));
      Files.createDirectories(store.resolve("baseline"));
      S3Proxy s3proxy =
          S3Proxy.builder()
              .blobStore(new FilesystemNio2BlobStore(store.toString()))
              .endpoint(URI.create("http://127.0.0.1:" + freePort()))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
              .ignoreUnknownHeaders(true)
              .build();
      s3proxy.start();
      while (!"STARTED".equals(s3proxy.getState())) {
        Thread.sleep(10);
      }
      URI s3Endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
      int port = freePort();
      Process gateway = startGateway(jar, heap, port, postgres, s3Endpoint, work);
      try (S3Client s3 = s3Client(s3Endpoint)) {
        HttpClient http = HttpClient.newHttpClient();
        waitUntilReady(http, port, gateway);
        String token = account(http, port);
        long bytes = Files.size(video);

        long sdkNanos = sdkMultipartUpload(s3, video, "baseline", "sdk-multipart");
        HeapSampler heapSampler = new HeapSampler(http, port);
        heapSampler.start();
        long apiNanos = apiUpload(http, port, token, video);
        heapSampler.stop();
        long putNanos = sdkSinglePut(s3, video, "baseline", "sdk-put");

        double mib = bytes / 1024.0 / 1024.0;
        double apiRate = mib / (apiNanos / 1e9);
        double sdkRate = mib / (sdkNanos / 1e9);
        double putRate = mib / (putNanos / 1e9);
        System.out.printf("file: %.0f MiB; service heap limit: -Xmx%s%n", mib, heap);
        System.out.printf(
            "through the API          : %7.1f MiB/s (%.1f s)%n", apiRate, apiNanos / 1e9);
        System.out.printf(
            "SDK multipart, %d MiB parts: %7.1f MiB/s (%.1f s)%n",
            PART >> 20, sdkRate, sdkNanos / 1e9);
        System.out.printf(
            "SDK single PUT           : %7.1f MiB/s (%.1f s)%n", putRate, putNanos / 1e9);
        System.out.printf(
            "service peak heap used   : %.0f MiB%n", heapSampler.peak() / 1024.0 / 1024.0);
        System.out.printf("ratio API / SDK multipart: %.2f%n", apiRate / sdkRate);
        System.out.printf("ratio API / SDK single PUT: %.2f%n", apiRate / putRate);
      } finally {
        gateway.destroy();
        gateway.waitFor();
        s3proxy.stop();
      }
    } finally {
      deleteTree(work);
    }
  }

  static Process startGateway(
      Path jar, String heap, int port, EmbeddedPostgres postgres, URI s3, Path work)
      throws IOException {
    return startGateway(jar, heap, port, postgres, s3, work, List.of());
  }

  static Process startGateway(
      Path jar,
      String heap,
      int port,
      EmbeddedPostgres postgres,
      URI s3,
      Path work,
      List<String> extraArguments)
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
            "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=postgres",
            "--frameflow.s3.endpoint=" + s3,
            "--frameflow.s3.path-style=true",
            "--frameflow.s3.access-key=" + ACCESS,
            "--frameflow.s3.secret-key=" + SECRET,
            "--frameflow.s3.upload-bucket=uploads",
            // RabbitMQ on 127.0.0.1 in a vhost of its own: nothing consumes video.uploaded there,
            // so the outbox keeps the row (returned, retried): the upload path is what we measure
            "--spring.rabbitmq.host=127.0.0.1",
            "--spring.rabbitmq.virtual-host=" + System.getProperty("bench.vhost", "/"),
            "--frameflow.mail.mode=mailbox",
            "--frameflow.mail.mailbox-dir=" + work.resolve("mailbox"),
            // the gateway refuses to start without a signing key
            "--frameflow.jwt.hmac-secret=" + UUID.randomUUID() + UUID.randomUUID(),
            "--frameflow.registration.max-per-address=1000"));
    command.addAll(extraArguments);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("gateway.log").toFile())
        .start();
  }

  /**
   * Sends the multipart request over a plain socket, copying the file straight from disk, so the
   * figure is the service's and not an HTTP client library's.
   */
  static long apiUpload(HttpClient http, int port, String token, Path video) throws Exception {
    String boundary = "bench-" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    long length = head.length + Files.size(video) + tail.length;
    long start = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      out.write(
          ("POST /api/videos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: multipart/form-data; boundary="
                  + boundary
                  + "\r\nContent-Length: "
                  + length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(head);
      Files.copy(video, out);
      out.write(tail);
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      long nanos = System.nanoTime() - start;
      if (!response.startsWith("HTTP/1.1 202")) {
        throw new IllegalStateException("upload failed: " + response);
      }
      return nanos;
    }
  }

  private static long sdkMultipartUpload(S3Client s3, Path video, String bucket, String key)
      throws IOException {
    long start = System.nanoTime();
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    byte[] buffer = new byte[PART];
    try (var in = Files.newInputStream(video)) {
      int number = 1;
      int n;
      while ((n = in.readNBytes(buffer, 0, PART)) > 0) {
        int partNumber = number++;
        String etag =
            s3.uploadPart(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, n)))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
    }
    s3.completeMultipartUpload(
        b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    return System.nanoTime() - start;
  }

  private static long sdkSinglePut(S3Client s3, Path video, String bucket, String key) {
    long start = System.nanoTime();
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(video));
    return System.nanoTime() - start;
  }

  static String account(HttpClient http, int port) throws Exception {
    return account(http, port, "bench@example.org");
  }

  static String account(HttpClient http, int port, String email) throws Exception {
    String body =
        "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"B\"}";
    http.send(post(port, "/api/auth/register", body), HttpResponse.BodyHandlers.ofString());
    String login =
        http.send(
                post(
                    port,
                    "/api/auth/login",
                    "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}"),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = Pattern.compile("\"accessToken\":\"([^\"]+)\"").matcher(login);
    if (!m.find()) {
      throw new IllegalStateException("login failed: " + login);
    }
    return m.group(1);
  }

  static HttpRequest post(int port, String path, String json) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  static void waitUntilReady(HttpClient http, int port, Process gateway) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!gateway.isAlive()) {
        throw new IllegalStateException("the gateway exited; see its log");
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the gateway did not become ready");
  }

  /** Samples the service's used heap (all heap pools) from its Prometheus endpoint. */
  static final class HeapSampler {
    private static final Pattern HEAP =
        Pattern.compile(
            "^jvm_memory_used_bytes\\{area=\"heap\".*\\} ([0-9.E+]+)$", Pattern.MULTILINE);
    private final HttpClient http;
    private final int port;
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    HeapSampler(HttpClient http, int port) {
      this.http = http;
      this.port = port;
    }

    void start() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  try {
                    String metrics =
                        http.send(
                                HttpRequest.newBuilder(
                                        URI.create(
                                            "http://127.0.0.1:" + port + "/actuator/prometheus"))
                                    .build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body();
                    Matcher m = HEAP.matcher(metrics);
                    long used = 0;
                    while (m.find()) {
                      used += (long) Double.parseDouble(m.group(1));
                    }
                    long sample = used;
                    peak.accumulateAndGet(sample, Math::max);
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

  static S3Client s3Client(URI endpoint) {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
        .build();
  }

  /** An MP4 header followed by pseudo-random bytes: only the first bytes are checked. */
  static void makeVideo(Path file, long size) throws IOException {
    byte[] header = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0};
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
