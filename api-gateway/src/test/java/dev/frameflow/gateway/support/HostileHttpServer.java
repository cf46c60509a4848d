package dev.frameflow.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile HTTP server on 127.0.0.1, a real socket, for what the gateway fetches (URL imports,
 * webhook deliveries). It reads each request's head (and a Content-Length body), then answers in
 * its {@link Mode}. Each connection is recorded: how many bytes the server managed to write and
 * when the client closed it. What it writes is capped ({@code cap} bytes): past the cap it ends the
 * response properly with {@code finale} as its body, so that a client without limits is seen to
 * succeed (and a test that expects it to be cut fails) instead of exhausting the test JVM.
 * Benchmarks run it as well (with {@code cap} 0: truly endless).
 */
public final class HostileHttpServer implements AutoCloseable {

  public enum Mode {
    /** {@code 200}, then header lines of 100 bytes for ever, as fast as the client reads. */
    ENDLESS_HEADER_LINES,
    /** {@code 200}, then one header line that never ends. */
    ENDLESS_HEADER_LINE,
    /** {@code 200}, then a header line one byte at a time, every {@code every}. */
    TRICKLED_HEADERS,
    /** {@code 302} to {@code location}, with a chunked body that never ends. */
    REDIRECT_WITH_ENDLESS_BODY,
    /** {@code 500} with a chunked body that never ends. */
    ERROR_WITH_ENDLESS_BODY,
    /**
     * {@code 200} and {@code finale}'s length, its bytes {@code chunk} at a time every {@code
     * every}.
     */
    TRICKLED_BODY
  }

  /** One connection as the server saw it; {@code closed} completes when the client closes it. */
  public record Connection(
      Instant accepted, AtomicLong written, CompletableFuture<Instant> closed) {
    public boolean open() {
      return !closed.isDone();
    }
  }

  private final ServerSocket server;
  private final Mode mode;
  private final long cap;
  private final byte[] finale;
  private final Duration every;
  private final int chunk;
  private volatile String location = "/";
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /**
   * @param cap bytes written before the response is ended with {@code finale} (0: never)
   * @param finale the body that ends a capped response, or the trickled body
   * @param every the pause between two trickled pieces
   * @param chunk the bytes of one trickled piece of body
   */
  public HostileHttpServer(Mode mode, long cap, byte[] finale, Duration every, int chunk)
      throws IOException {
    this.mode = mode;
    this.cap = cap;
    this.finale = finale;
    this.every = every;
    this.chunk = chunk;
    server = LoopbackHttp.listen("hostile", sockets, this::serve);
  }

  public static HostileHttpServer of(Mode mode, long cap, byte[] finale) throws IOException {
    return new HostileHttpServer(mode, cap, finale, Duration.ofMillis(200), 1);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  /** Where {@link Mode#REDIRECT_WITH_ENDLESS_BODY} sends the client. */
  public HostileHttpServer redirectingTo(String location) {
    this.location = location;
    return this;
  }

  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  private void serve(Socket socket) {
    Connection connection =
        new Connection(Instant.now(), new AtomicLong(), new CompletableFuture<>());
    connections.add(connection);
    try (socket) {
      socket.setSendBufferSize(16 * 1024);
      LoopbackHttp.readRequest(socket.getInputStream());
      LoopbackHttp.daemon("hostile-eof", () -> watchClose(socket, connection));
      OutputStream out = new CountingStream(socket.getOutputStream(), connection.written);
      answer(out, connection.written);
      out.flush();
      // the answer is complete: wait for the client to close
      connection.closed.get();
    } catch (Exception clientWentAway) {
      // closed by the client: recorded by watchClose
    } finally {
      connection.closed.complete(Instant.now());
    }
  }

  private void answer(OutputStream out, AtomicLong written) throws Exception {
    switch (mode) {
      case ENDLESS_HEADER_LINES -> {
        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n"));
        byte[] line = ascii("X-Filler: " + "f".repeat(88) + "\r\n");
        while (cap == 0 || written.get() < cap) {
          out.write(line);
        }
        finish(out);
      }
      case ENDLESS_HEADER_LINE -> {
        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nX-Filler: "));
        byte[] piece = new byte[4096];
        Arrays.fill(piece, (byte) 'f');
        while (cap == 0 || written.get() < cap) {
          out.write(piece);
        }
        out.write(ascii("\r\n"));
        finish(out);
      }
      case TRICKLED_HEADERS -> {
        out.write(ascii("HTTP/1.1 200 OK\r\nX-Slow: "));
        out.flush();
        while (cap == 0 || written.get() < cap) {
          Thread.sleep(every.toMillis());
          out.write('z');
          out.flush();
        }
        out.write(ascii("\r\n"));
        finish(out);
      }
      case REDIRECT_WITH_ENDLESS_BODY ->
          endlessChunks(out, written, "302 Found\r\nLocation: " + location);
      case ERROR_WITH_ENDLESS_BODY -> endlessChunks(out, written, "500 Internal Server Error");
      case TRICKLED_BODY -> {
        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + finale.length + "\r\n\r\n"));
        for (int at = 0; at < finale.length; at += chunk) {
          out.write(finale, at, Math.min(chunk, finale.length - at));
          out.flush();
          Thread.sleep(every.toMillis());
        }
      }
    }
  }

  private void endlessChunks(OutputStream out, AtomicLong written, String status)
      throws IOException {
    out.write(ascii("HTTP/1.1 " + status + "\r\nTransfer-Encoding: chunked\r\n\r\n"));
    byte[] body = new byte[8192];
    Arrays.fill(body, (byte) 'b');
    byte[] size = ascii(Integer.toHexString(body.length) + "\r\n");
    while (cap == 0 || written.get() < cap) {
      out.write(size);
      out.write(body);
      out.write(ascii("\r\n"));
    }
    out.write(ascii("0\r\n\r\n"));
  }

  // the head ends; the body is the finale
  private void finish(OutputStream out) throws IOException {
    out.write(ascii("Content-Length: " + finale.length + "\r\n\r\n"));
    out.write(finale);
  }

  private static void watchClose(Socket socket, Connection connection) {
    try {
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // a client sends nothing more after its request
      }
    } catch (IOException e) {
      // reset: closed all the same
    }
    connection.closed.complete(Instant.now());
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  /** Counts what is written, so a test sees how far the client let the server get. */
  private static final class CountingStream extends java.io.FilterOutputStream {
    private final AtomicLong written;

    CountingStream(OutputStream out, AtomicLong written) {
      super(out);
      this.written = written;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      written.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      written.addAndGet(len);
    }
  }
}
