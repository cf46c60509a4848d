import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.frames.FrameRequest;
import dev.frameflow.contracts.frames.FrameServerProtocol;
import dev.frameflow.contracts.frames.RenderRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The frame-server benchmark's clients (frame-server.sh runs it as a source file: java -cp
 * CLASSPATH FrameLoad.java MODE ...). Every request is a 640-wide JPEG at a random time of the
 * video (seeded, so runs ask for the same times) with the request body the gateway sends.
 *
 * <ul>
 *   <li>{@code cold SERVER URLS DURATION N}: N requests one after the other, each for a video the
 *       server has never seen: a new source key (no probe cached) and a new object (no bytes of it
 *       on the server's volume), the N presigned URLs one a line in the file URLS;
 *   <li>{@code warm SERVER URL DURATION N}: one request to cache the video's probe, then N at other
 *       times, one after the other;
 *   <li>{@code clients SERVER URL DURATION C M}: C clients at once (one user each), M requests
 *       each, on a video already seen;
 *   <li>{@code anchor FFMPEG URL DURATION C M DIR}: the same C × M times rendered by {@code ffmpeg
 *       -ss T -i URL -frames:v 1 -vf scale=640:-2 -q:v 3} from C threads at once.
 * </ul>
 *
 * Prints one line: the count, p50, p95 and max in seconds, and the answers by status.
 */
public final class FrameLoad {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    double duration = Double.parseDouble(args[3]);
    Random random = new Random(31);
    List<Double> seconds = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    switch (mode) {
      case "cold" -> {
        List<String> urls = java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[2]));
        for (int i = 0; i < Integer.parseInt(args[4]); i++) {
          render(args[1], urls.get(i), "bench/cold-" + System.nanoTime(), "cold", time(random, duration), seconds, statuses);
        }
      }
      case "warm" -> {
        String key = "bench/warm-" + System.nanoTime();
        render(args[1], args[2], key, "warm", time(random, duration), new ArrayList<>(), new ConcurrentHashMap<>());
        for (int i = 0; i < Integer.parseInt(args[4]); i++) {
          render(args[1], args[2], key, "warm", time(random, duration), seconds, statuses);
        }
      }
      case "clients", "anchor" -> {
        int clients = Integer.parseInt(args[4]);
        int each = Integer.parseInt(args[5]);
        String key = "bench/clients-" + System.nanoTime();
        if (mode.equals("clients")) {
          render(args[1], args[2], key, "prime", time(random, duration), new ArrayList<>(), new ConcurrentHashMap<>());
        }
        List<double[]> times = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          double[] mine = new double[each];
          for (int i = 0; i < each; i++) {
            mine[i] = time(random, duration);
          }
          times.add(mine);
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          int client = c;
          all.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      double t = times.get(client)[i];
                      if (mode.equals("clients")) {
                        render(args[1], args[2], key, "user-" + client, t, seconds, statuses);
                      } else {
                        anchor(args[1], args[2], t, Path.of(args[6], client + "-" + i + ".jpg"), seconds, statuses);
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : all) {
          f.get();
        }
        pool.shutdown();
      }
      default -> throw new IllegalArgumentException(mode);
    }
    List<Double> sorted = new ArrayList<>(seconds);
    Collections.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%s: %d answered, p50 %.3f s, p95 %.3f s, max %.3f s; statuses %s%n",
        mode,
        sorted.size(),
        percentile(sorted, 50),
        percentile(sorted, 95),
        sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1),
        new TreeMap<>(statuses));
    String cpuFile = System.getProperty("bench.cpuFile");
    if (cpuFile != null) {
      // this JVM's own CPU, without its children (the anchor's ffmpeg): the script subtracts it
      long nanos =
          ((com.sun.management.OperatingSystemMXBean)
                  java.lang.management.ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime();
      java.nio.file.Files.writeString(
          Path.of(cpuFile), String.format(Locale.ROOT, "%.3f%n", nanos / 1e9));
    }
  }

  /** A time in [0, duration - 1) s, to the millisecond. */
  private static double time(Random random, double duration) {
    return Math.floor(random.nextDouble() * (duration - 1) * 1000) / 1000;
  }

  private static double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** One frame from the server; only 200 answers count in the latencies. */
  private static void render(
      String server,
      String sourceUrl,
      String key,
      String owner,
      double time,
      List<Double> seconds,
      Map<Integer, AtomicInteger> statuses)
      throws Exception {
    FrameRequest frame =
        FrameRequest.fromQuery(
            Map.of(FrameRequest.TIME, Double.toString(time), FrameRequest.WIDTH, "640"), ImageFormat.JPEG);
    String body =
        JSON.writeValueAsString(RenderRequest.frame("bench", key, sourceUrl, owner, frame));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server + FrameServerProtocol.FRAME_PATH))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long t0 = System.nanoTime();
    HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    double took = (System.nanoTime() - t0) / 1e9;
    if (statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet()
            == 1
        && response.statusCode() != 200) {
      System.err.println(
          "first " + response.statusCode() + ": " + new String(response.body(), "UTF-8"));
    }
    if (response.statusCode() == 200) {
      seconds.add(took);
    }
  }

  /** The anchor: one ffmpeg reading the presigned URL, seeking, scaling and encoding one JPEG. */
  private static void anchor(
      String ffmpeg,
      String sourceUrl,
      double time,
      Path out,
      List<Double> seconds,
      Map<Integer, AtomicInteger> statuses)
      throws Exception {
    long t0 = System.nanoTime();
    Process process =
        new ProcessBuilder(
                ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-ss",
                Double.toString(time), "-i", sourceUrl, "-frames:v", "1", "-vf", "scale=640:-2",
                "-q:v", "3", "-y", out.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    int exit = process.waitFor();
    double took = (System.nanoTime() - t0) / 1e9;
    int status = exit == 0 && Files.size(out) > 0 ? 200 : 500;
    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    if (status == 200) {
      seconds.add(took);
    }
  }
}
