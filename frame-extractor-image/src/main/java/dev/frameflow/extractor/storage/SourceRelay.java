package dev.frameflow.extractor.storage;

import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.SourceUnreadableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a remote source (the Job's presigned GET) to the ffmpeg runs of a sparse plan on loopback,
 * from a block cache on the work volume. Each ffmpeg run of a sparse plan opens the source once per
 * seek window and reads its index (moov) again each time, and every HTTP response it abandons has
 * already pushed megabytes into socket buffers; straight against S3 that costs more than the
 * frames. Here every block is fetched from S3 once, with a bounded range request, and ffmpeg's
 * abandoned responses cost only what was already cached. A connection that keeps reading gets
 * longer fetches (doubling up to {@link #MAX_FETCH_BLOCKS} blocks), so a long window still streams.
 *
 * <p>The upstream URL is asked for at each request ({@link #start(Supplier, Path)}): a grant
 * renewed while the run reads (its URLs end with the operator's temporary credentials) gives the
 * newest. For the same reason a dense plan, which would read the presigned URL itself, reads {@link
 * #streamUri()} instead when the URL is renewed: each of its requests passes through uncached, with
 * the current URL.
 *
 * <p>A fetch is retried after pauses ({@link #RETRY_PAUSES_MILLIS}); one that still fails is
 * remembered ({@link #failure()}) and every later request of ffmpeg's is answered 502, so the run
 * ends at once instead of in ffmpeg's reconnect backoff. ffmpeg only sees a connection cut short or
 * a refusal, which it may report as a truncated or corrupt file, so the extractor asks the relay
 * whether the source, not the video, was at fault.
 *
 * <p>Only ranged GETs of {@code /source} and {@code /stream} from this process's loopback address
 * are answered.
 */
public final class SourceRelay implements AutoCloseable {

  /** Small enough that a window's few hundred kilobytes do not drag in much more. */
  static final int BLOCK = 32 * 1024;

  /** Blocks served to a connection before its fetches grow: a seek window's worth. */
  static final int SLOW_START_BLOCKS = 16;

  /**
   * 2 MiB: a run decoding a long window (or the index) streams in requests of this size. Each
   * request costs the S3 server a signature check (~12 ms in s3proxy): fewer, larger requests.
   */
  static final int MAX_FETCH_BLOCKS = 64;

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes \\d+-\\d+/(\\d+)");

  private final Supplier<URI> upstream;
  private final HttpClient http;
  private final FileChannel cache;
  private final BitSet present = new BitSet();
  private final long size;
  private final ServerSocket server;
  private final ExecutorService connections;
  private final AtomicLong fetchedBytes = new AtomicLong();
  private final AtomicLong fetches = new AtomicLong();
  private final AtomicLong refetchedBlocks = new AtomicLong();

  /** The first fetch from upstream that failed, if any. */
  private volatile IOException failure;

  /** Blocks a connection's first fetch asks for: what one seek window reads, once known. */
  private volatile int readAheadBlocks = 1;

  private SourceRelay(Supplier<URI> upstream, HttpClient http, FileChannel cache, long size)
      throws IOException {
    this.upstream = upstream;
    this.http = http;
    this.cache = cache;
    this.size = size;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.connections =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "source-relay");
              thread.setDaemon(true);
              return thread;
            });
    connections.submit(this::acceptLoop);
  }

  /**
   * Starts a relay for {@code upstream}, caching under {@code workDir}; learns the size from the
   * first block. A 403/404 answer is a missing source (bad input); no answer is transient.
   */
  public static SourceRelay start(URI upstream, Path workDir) throws IOException {
    return start(() -> upstream, workDir);
  }

  /**
   * As {@link #start(URI, Path)}, with the upstream URL as {@code upstream} gives it at each
   * request (a renewed grant's newest).
   */
  public static SourceRelay start(Supplier<URI> upstream, Path workDir) throws IOException {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    FileChannel cache =
        FileChannel.open(
            workDir.resolve("source.blocks"),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            StandardOpenOption.SPARSE);
    HttpResponse<byte[]> first = get(http, upstream.get(), 0, BLOCK - 1);
    if (first.statusCode() == 404 || first.statusCode() == 403) {
      cache.close();
      throw new BadInputException(
          FailureReason.SOURCE_MISSING, "the source URL answered HTTP " + first.statusCode());
    }
    long size;
    if (first.statusCode() == 206) {
      Matcher total = CONTENT_RANGE.matcher(first.headers().firstValue("Content-Range").orElse(""));
      if (!total.matches()) {
        cache.close();
        throw new SourceUnreadableException("the source answered without a usable Content-Range");
      }
      size = Long.parseLong(total.group(1));
    } else if (first.statusCode() == 200) {
      size = first.body().length; // a small object sent whole
    } else {
      cache.close();
      throw new SourceUnreadableException("the source URL answered HTTP " + first.statusCode());
    }
    SourceRelay relay = new SourceRelay(upstream, http, cache, size);
    relay.store(0, first.body(), Math.min(first.body().length, (int) Math.min(size, BLOCK)));
    relay.fetchedBytes.addAndGet(first.body().length);
    return relay;
  }

  /** What ffmpeg reads instead of the upstream URL. */
  public URI localUri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/source");
  }

  /**
   * The upstream passed through, uncached: each request is sent on with the current upstream URL
   * and its answer streamed back (a dense plan's long reads, when the URL is renewed).
   */
  public URI streamUri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/stream");
  }

  /** The first failed fetch from upstream (its URL refused or expired, no answer), or null. */
  public IOException failure() {
    return failure;
  }

  /**
   * Sizes the first fetch of each connection to {@code bytes} (what a seek window reads, estimated
   * from the keyframe index), so that a window costs one request rather than one per block while it
   * reads about what it needs. Up to {@link #MAX_FETCH_BLOCKS} blocks.
   */
  public void readAhead(long bytes) {
    readAheadBlocks = (int) Math.max(1, Math.min(MAX_FETCH_BLOCKS, (bytes + BLOCK - 1) / BLOCK));
  }

  /**
   * Checks {@code url} with the store (a ranged GET of one byte) before a reader that brought it is
   * served from the cache: a URL the store refuses reads nothing here either. A 403/404 is a
   * missing source (bad input), any other refusal or no answer a {@link SourceUnreadableException}.
   */
  public void admit(URI url) throws IOException {
    HttpResponse<byte[]> answer = get(http, url, 0, 0);
    if (answer.statusCode() == 404 || answer.statusCode() == 403) {
      throw new BadInputException(
          FailureReason.SOURCE_MISSING, "the source URL answered HTTP " + answer.statusCode());
    }
    if (answer.statusCode() != 206 && answer.statusCode() != 200) {
      throw new SourceUnreadableException("the source URL answered HTTP " + answer.statusCode());
    }
  }

  /** Bytes held in the block cache (whole blocks). */
  public long cachedBytes() {
    synchronized (present) {
      return (long) present.cardinality() * BLOCK;
    }
  }

  /** Bytes fetched from upstream so far. */
  public long fetchedBytes() {
    return fetchedBytes.get();
  }

  public long size() {
    return size;
  }

  /** For the log: what the relay cost. */
  public String summary() {
    return fetchedBytes.get()
        + " of "
        + size
        + " bytes fetched in "
        + fetches.get()
        + " requests ("
        + refetchedBlocks.get()
        + " blocks twice)";
  }

  @Override
  public void close() throws IOException {
    server.close();
    connections.shutdownNow();
    cache.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        // a small send buffer: what ffmpeg abandons is little more than it read
        socket.setSendBufferSize(BLOCK);
        connections.submit(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      String requestLine = reader.readLine();
      String range = null;
      for (String line = reader.readLine();
          line != null && !line.isEmpty();
          line = reader.readLine()) {
        if (line.regionMatches(true, 0, "Range:", 0, 6)) {
          range = line.substring(6).trim();
        }
      }
      if (requestLine != null && requestLine.startsWith("GET /stream ")) {
        passThrough(range, out);
        return;
      }
      if (requestLine == null || !requestLine.startsWith("GET /source ")) {
        out.write(header("404 Not Found", "Content-Length: 0\r\n"));
        return;
      }
      if (failure != null) {
        // the store already failed (after its retries): an answer ffmpeg does not reconnect on,
        // rather than another connection cut short, which it retries with backoff for minutes
        out.write(header("502 Bad Gateway", "Content-Length: 0\r\n"));
        return;
      }
      long start = 0;
      long end = size - 1;
      Matcher m = range == null ? null : RANGE.matcher(range);
      if (m != null && m.matches()) {
        start = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          end = Math.min(end, Long.parseLong(m.group(2)));
        }
      }
      if (start >= size || start > end) {
        out.write(
            header(
                "416 Range Not Satisfiable",
                "Content-Range: bytes */" + size + "\r\nContent-Length: 0\r\n"));
        return;
      }
      end = answeredEnd(start, end);
      out.write(
          header(
              "206 Partial Content",
              "Accept-Ranges: bytes\r\nContent-Range: bytes "
                  + start
                  + "-"
                  + end
                  + "/"
                  + size
                  + "\r\nContent-Length: "
                  + (end - start + 1)
                  + "\r\n"));
      stream(start, end, out, socket, in);
    } catch (IOException e) {
      // ffmpeg closed the connection (it seeks elsewhere): nothing to do
    }
  }

  /**
   * The end of what one answer serves, once a seek window's size is known ({@link #readAhead}):
   * from a missing block, a window's worth; from a cached one, up to the next missing block. ffmpeg
   * asks for the rest of the file and its socket takes far more than it reads (the receive buffer
   * it is given with {@code -recv_buffer_size} is not applied again when it reconnects after a
   * seek, so the kernel's grows to megabytes), and the blocks written ahead had to be fetched.
   * Answered less, it reads what it was sent and asks again from where it stopped ({@code
   * -reconnect 1}): each block it is sent is one it reads, give or take its 32 KiB buffer. Until
   * the window's size is known (the probe and the index are read first), an answer serves the whole
   * range asked for.
   */
  private long answeredEnd(long start, long end) {
    int window = readAheadBlocks;
    if (window <= 1) {
      return end;
    }
    int block = (int) (start / BLOCK);
    long lastBlock = (size - 1) / BLOCK;
    int limit;
    if (isPresent(block)) {
      limit = block;
      while (limit + 1 <= lastBlock && isPresent(limit + 1)) {
        limit++;
      }
    } else {
      limit = block + window - 1;
    }
    return Math.min(end, Math.min((long) (limit + 1) * BLOCK, size) - 1);
  }

  private void stream(long start, long end, OutputStream out, Socket socket, InputStream in)
      throws IOException {
    byte[] buffer = new byte[BLOCK];
    int readAhead = readAheadBlocks;
    int fetchBlocks = 1;
    int fetched = 0;
    int served = 0;
    long position = start;
    while (position <= end) {
      int block = (int) (position / BLOCK);
      if (!isPresent(block)) {
        if (served > 0 && peerClosed(socket, in)) {
          return; // ffmpeg went elsewhere: what it left in the socket buffers is enough
        }
        // A connection that starts on a missing block is a seek window: a window's worth first
        // (one block while that is unknown), then one block at a time, so that a window that needs
        // a little more gets little more. One that reaches a missing block after cached ones (the
        // index read again by a window's input, or a window's bytes another run fetched) goes on
        // one block at a time too: ffmpeg may stop reading it any moment. A reader that has had
        // well past a window fetched for it is streaming: longer fetches.
        if (fetched == 0 && served == 0) {
          fetchBlocks = readAhead;
        } else if (fetched >= readAhead + SLOW_START_BLOCKS) {
          fetchBlocks = Math.min(MAX_FETCH_BLOCKS, Math.max(2, fetchBlocks * 2));
        } else {
          fetchBlocks = 1;
        }
        fetched += fetch(block, fetchBlocks);
      }
      served++;
      long blockEnd = Math.min((long) (block + 1) * BLOCK, size) - 1;
      int length = (int) (Math.min(blockEnd, end) - position + 1);
      ByteBuffer view = ByteBuffer.wrap(buffer, 0, length);
      while (view.hasRemaining()) {
        if (cache.read(view, position + view.position()) < 0) {
          throw new IOException("cache shorter than expected");
        }
      }
      out.write(buffer, 0, length);
      position += length;
    }
    out.flush();
  }

  /**
   * Whether ffmpeg closed its end of the connection (it seeks elsewhere with a new one): checked
   * before fetching more for it, since the blocks already written to the socket buffers may be all
   * it wanted.
   */
  private static boolean peerClosed(Socket socket, InputStream in) throws IOException {
    int timeout = socket.getSoTimeout();
    socket.setSoTimeout(1);
    try {
      return in.read() < 0;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } finally {
      socket.setSoTimeout(timeout);
    }
  }

  /**
   * Fetches up to {@code count} missing blocks from {@code first} on, in one ranged request;
   * returns how many.
   */
  private int fetch(int first, int count) throws IOException {
    int last = first;
    long lastBlock = (size - 1) / BLOCK;
    while (last + 1 < first + count && last + 1 <= lastBlock && !isPresent(last + 1)) {
      last++;
    }
    long from = (long) first * BLOCK;
    long to = Math.min((long) (last + 1) * BLOCK, size) - 1;
    HttpResponse<byte[]> response;
    try {
      response = get(http, upstream.get(), from, to);
    } catch (IOException | RuntimeException e) {
      throw failed(e);
    }
    if (response.statusCode() != 206 && !(response.statusCode() == 200 && from == 0)) {
      throw failed(
          new SourceUnreadableException("the source URL answered HTTP " + response.statusCode()));
    }
    byte[] body = response.body();
    if (body.length < to - from + 1) {
      throw failed(new SourceUnreadableException("the source answered a short range"));
    }
    fetchedBytes.addAndGet(body.length);
    fetches.incrementAndGet();
    for (int b = first; b <= last; b++) {
      if (isPresent(b)) {
        refetchedBlocks.incrementAndGet(); // another connection fetched it meanwhile
      }
      int offset = (b - first) * BLOCK;
      store(b, slice(body, offset), (int) Math.min(BLOCK, body.length - offset));
    }
    return last - first + 1;
  }

  /**
   * Sends a request of ffmpeg's on to the current upstream URL and streams the answer back as it
   * comes: nothing is cached (a dense plan reads each byte once). An upstream that refuses is
   * answered 502 and remembered.
   */
  private void passThrough(String range, OutputStream out) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(upstream.get()).timeout(Duration.ofMinutes(2)).GET();
    if (range != null) {
      request.header("Range", range);
    }
    HttpResponse<InputStream> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException | RuntimeException e) {
      failed(e);
      out.write(header("502 Bad Gateway", "Content-Length: 0\r\n"));
      return;
    }
    try (InputStream body = answer.body()) {
      int status = answer.statusCode();
      if (status != 200 && status != 206) {
        failed(new SourceUnreadableException("the source URL answered HTTP " + status));
        out.write(header("502 Bad Gateway", "Content-Length: 0\r\n"));
        return;
      }
      StringBuilder headers = new StringBuilder("Accept-Ranges: bytes\r\n");
      answer
          .headers()
          .firstValue("Content-Range")
          .ifPresent(v -> headers.append("Content-Range: ").append(v).append("\r\n"));
      answer
          .headers()
          .firstValue("Content-Length")
          .ifPresent(v -> headers.append("Content-Length: ").append(v).append("\r\n"));
      out.write(header(status == 206 ? "206 Partial Content" : "200 OK", headers.toString()));
      body.transferTo(out);
      out.flush();
    }
  }

  /** Remembers the first failed fetch; returns it as the source's fault. */
  private IOException failed(Exception e) {
    IOException fault =
        e instanceof SourceUnreadableException unreadable
            ? unreadable
            : new SourceUnreadableException("the source could not be read: " + e.getMessage());
    if (failure == null) {
      failure = fault;
    }
    return fault;
  }

  private static byte[] slice(byte[] body, int offset) {
    return offset == 0 ? body : java.util.Arrays.copyOfRange(body, offset, body.length);
  }

  private void store(int block, byte[] bytes, int length) throws IOException {
    ByteBuffer view = ByteBuffer.wrap(bytes, 0, length);
    long at = (long) block * BLOCK;
    while (view.hasRemaining()) {
      cache.write(view, at + view.position());
    }
    synchronized (present) {
      present.set(block);
    }
  }

  private boolean isPresent(int block) {
    synchronized (present) {
      return present.get(block);
    }
  }

  /**
   * Pauses before each retry of a fetch that failed (5xx, no answer): a store's brief trouble (S3's
   * SlowDown, a restart) is ridden out here, in about 3 s, since once the relay has given up the
   * run fails fast (ffmpeg is answered 502) and a Job is retried whole.
   */
  static final long[] RETRY_PAUSES_MILLIS = {250, 1000, 2000};

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static HttpResponse<byte[]> get(HttpClient http, URI upstream, long from, long to)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(upstream)
            .timeout(Duration.ofMinutes(2))
            .header("Range", "bytes=" + from + "-" + to)
            .GET()
            .build();
    IOException last = null;
    for (int attempt = 0; attempt <= RETRY_PAUSES_MILLIS.length; attempt++) {
      if (attempt > 0) {
        pause(RETRY_PAUSES_MILLIS[attempt - 1]);
      }
      try {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() < 500) {
          return response;
        }
        last =
            new SourceUnreadableException("the source URL answered HTTP " + response.statusCode());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (IOException e) {
        last = new SourceUnreadableException("the source could not be read: " + e);
      }
    }
    throw last;
  }

  private static byte[] header(String status, String headers) {
    return ("HTTP/1.1 " + status + "\r\n" + headers + "Connection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
