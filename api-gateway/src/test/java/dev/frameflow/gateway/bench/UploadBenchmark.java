package dev.frameflow.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
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

  private static final int PART = 8 * 1024 * 1024;

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    long sizeMiB = args.length > 1 ? Long.parseLong(args[1]) : 2048;
    String heap = args.length > 2 ? args[2] : "256m";
    Path work = Files.createTempDirectory("gateway-bench");
    Path video = work.resolve("big.mp4");
    BenchGateway.makeVideo(video, sizeMiB * 1024 * 1024);

    try (BenchGateway gateway = BenchGateway.start(jar, heap, work, "uploads", "baseline");
        S3Client s3 = gateway.s3Client()) {
      String token = gateway.account("bench@example.org");
      long bytes = Files.size(video);

      long sdkNanos = sdkMultipartUpload(s3, video, "baseline", "sdk-multipart");
      BenchGateway.HeapSampler heapSampler = gateway.heapSampler();
      heapSampler.start();
      long apiNanos = gateway.formUpload(token, video);
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
      BenchGateway.deleteTree(work);
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
}
