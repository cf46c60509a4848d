package dev.frameflow.gateway.bench;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One large file through the api-gateway (its own JVM, -Xmx256m) twice in the same run: as a tus
 * resumable upload (PATCH requests of a given size, which do not end on part limits, so every one
 * leaves a tail) and, as the baseline, as a form upload ({@code POST /api/videos}). Prints the
 * throughput of each, the service's peak heap during each, and the ratio. Run by
 * api-gateway/bench/resumable-upload-benchmark.sh.
 *
 * <p>Arguments: path of the api-gateway exec jar, size in MiB (default 2048), heap (default 256m),
 * PATCH size in MiB (default 50).
 */
public final class ResumableUploadBenchmark {

  private static final Pattern OFFSET =
      Pattern.compile("(?im)^Upload-Offset: (\\d+)\\r?$", Pattern.MULTILINE);
  private static final Pattern LOCATION = Pattern.compile("(?im)^Location: (\\S+)\\r?$");

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    long sizeMiB = args.length > 1 ? Long.parseLong(args[1]) : 2048;
    String heap = args.length > 2 ? args[2] : "256m";
    long patchBytes = (args.length > 3 ? Long.parseLong(args[3]) : 50) * 1024 * 1024 + 4321;
    Path work = Files.createTempDirectory("gateway-tus-bench");
    Path video = work.resolve("big.mp4");
    BenchGateway.makeVideo(video, sizeMiB * 1024 * 1024);

    try (BenchGateway gateway = BenchGateway.start(jar, heap, work, "uploads");
        S3Client s3 = gateway.s3Client()) {
      String token = gateway.account("bench@example.org");
      long bytes = Files.size(video);

      BenchGateway.HeapSampler formHeap = gateway.heapSampler();
      formHeap.start();
      long formNanos = gateway.formUpload(token, video);
      formHeap.stop();

      BenchGateway.HeapSampler tusHeap = gateway.heapSampler();
      tusHeap.start();
      long start = System.nanoTime();
      String location = create(gateway, token, bytes);
      int patches = 0;
      for (long offset = 0; offset < bytes; patches++) {
        offset =
            patch(
                gateway.port(),
                token,
                location,
                video,
                offset,
                Math.min(patchBytes, bytes - offset));
      }
      long tusNanos = System.nanoTime() - start;
      tusHeap.stop();
      long stored =
          s3.listObjectsV2(b -> b.bucket("uploads").prefix("videos/")).contents().stream()
              .filter(o -> o.size() == bytes)
              .count();
      if (stored != 2) {
        throw new IllegalStateException("expected 2 stored videos of the file's size: " + stored);
      }

      double mib = bytes / 1024.0 / 1024.0;
      double formRate = mib / (formNanos / 1e9);
      double tusRate = mib / (tusNanos / 1e9);
      System.out.printf("file: %.0f MiB; service heap limit: -Xmx%s%n", mib, heap);
      System.out.printf(
          "tus, %d PATCHes of %.1f MiB : %7.1f MiB/s (%.1f s); service peak heap %.0f MiB%n",
          patches,
          patchBytes / 1024.0 / 1024.0,
          tusRate,
          tusNanos / 1e9,
          tusHeap.peak() / 1024.0 / 1024.0);
      System.out.printf(
          "form upload (baseline)     : %7.1f MiB/s (%.1f s); service peak heap %.0f MiB%n",
          formRate, formNanos / 1e9, formHeap.peak() / 1024.0 / 1024.0);
      System.out.printf("ratio tus / form upload    : %.2f%n", tusRate / formRate);
    } finally {
      BenchGateway.deleteTree(work);
    }
  }

  private static String create(BenchGateway gateway, String token, long length) throws Exception {
    HttpResponse<String> created =
        gateway
            .http()
            .send(
                HttpRequest.newBuilder(gateway.uri("/api/uploads"))
                    .header("Authorization", "Bearer " + token)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Length", Long.toString(length))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("creation failed: " + created.body());
    }
    return created.headers().firstValue("Location").orElseThrow();
  }

  /** One PATCH over a plain socket, copied from the file; returns the new offset. */
  private static long patch(
      int port, String token, String location, Path video, long offset, long length)
      throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port);
        InputStream file = Files.newInputStream(video)) {
      file.skipNBytes(offset);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      out.write(
          ("PATCH "
                  + location
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + token
                  + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: "
                  + offset
                  + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: "
                  + length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] buffer = new byte[1 << 16];
      for (long sent = 0; sent < length; ) {
        int n = file.read(buffer, 0, (int) Math.min(buffer.length, length - sent));
        out.write(buffer, 0, n);
        sent += n;
      }
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = OFFSET.matcher(response);
      if (!response.startsWith("HTTP/1.1 204") || !m.find()) {
        throw new IllegalStateException("PATCH failed: " + response);
      }
      return Long.parseLong(m.group(1));
    }
  }
}
