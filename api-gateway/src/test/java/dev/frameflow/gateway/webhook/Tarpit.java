package dev.frameflow.gateway.webhook;

import dev.frameflow.gateway.support.LoopbackHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hostile webhook receiver on 127.0.0.1, a real socket: it reads the request, then either never
 * answers or trickles a status line and an endless header one byte at a time (each byte well within
 * any socket timeout). It records each connection: when it came, which event it carried, and when
 * the sender gave up on it.
 */
final class Tarpit implements AutoCloseable {

  enum Mode {
    SILENT,
    TRICKLE
  }

  /** One connection as the tarpit saw it; {@code closed} completes when the sender closes it. */
  record Connection(Instant accepted, String eventId, CompletableFuture<Instant> closed) {
    boolean open() {
      return !closed.isDone();
    }
  }

  private final ServerSocket server;
  private final Mode mode;
  private final Duration byteEvery;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  Tarpit(Mode mode, Duration byteEvery) throws IOException {
    this.mode = mode;
    this.byteEvery = byteEvery;
    server = LoopbackHttp.listen("tarpit", sockets, this::hold);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  List<Connection> connections() {
    return List.copyOf(connections);
  }

  private void hold(Socket socket) {
    Instant accepted = Instant.now();
    CompletableFuture<Instant> closed = new CompletableFuture<>();
    try {
      InputStream in = socket.getInputStream();
      String eventId = eventId(LoopbackHttp.readRequest(in));
      connections.add(new Connection(accepted, eventId, closed));
      if (mode == Mode.TRICKLE) {
        LoopbackHttp.daemon("tarpit-trickle", () -> trickle(socket));
      }
      // the sender sends nothing more: read() ends only when it closes the connection
      while (in.read() >= 0) {
        // ignore
      }
    } catch (IOException e) {
      // reset by the sender: closed all the same
    } finally {
      closed.complete(Instant.now());
    }
  }

  private void trickle(Socket socket) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nX-Tarpit: ".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (!socket.isClosed()) {
        Thread.sleep(byteEvery.toMillis());
        out.write('z');
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the sender went away
    }
  }

  /** The event id header of a request's head. */
  private static String eventId(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("frameflow-event-id:")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
