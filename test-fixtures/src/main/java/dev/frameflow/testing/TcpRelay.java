package dev.frameflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network between clients and servers on 127.0.0.1, as real sockets: each connection goes to
 * one of the backends that accepts it, taken in turn (a Service spreading over its ready pods; a
 * port that refuses is skipped, as a Service drops a dead pod's endpoint), and {@link #cut()} ends
 * every connection at once and refuses new ones: a process killed, or its node cut off, with
 * nothing said to the other side (no Lease released, no request finished).
 */
public final class TcpRelay implements AutoCloseable {

  private final ServerSocket server;
  private final List<Integer> backends = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger turn = new AtomicInteger();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "tcp-relay");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean cut;

  private TcpRelay() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    threads.submit(this::accept);
  }

  /** A relay to these ports of 127.0.0.1 (none yet: {@link #add(int)} them later). */
  public static TcpRelay to(int... ports) {
    try {
      TcpRelay relay = new TcpRelay();
      for (int port : ports) {
        relay.add(port);
      }
      return relay;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void add(int port) {
    backends.add(port);
  }

  /** No new connection goes to this port (a Service's endpoint removed). */
  public void remove(int port) {
    backends.remove(Integer.valueOf(port));
  }

  public int port() {
    return server.getLocalPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Every connection through here ends now, and new ones are refused. */
  public void cut() {
    cut = true;
    closeQuietly(server);
    open.forEach(TcpRelay::closeQuietly);
  }

  @Override
  public void close() {
    cut();
    threads.shutdownNow();
  }

  private void accept() {
    while (!cut) {
      try {
        Socket client = server.accept();
        Socket backend = connect();
        if (backend == null || cut) {
          closeQuietly(client);
          closeQuietly(backend);
          continue;
        }
        open.add(client);
        open.add(backend);
        threads.submit(() -> pump(client, backend));
        threads.submit(() -> pump(backend, client));
      } catch (IOException e) {
        return; // cut
      }
    }
  }

  private Socket connect() {
    List<Integer> ports = List.copyOf(backends);
    int first = Math.floorMod(turn.getAndIncrement(), Math.max(1, ports.size()));
    for (int i = 0; i < ports.size(); i++) {
      int port = ports.get((first + i) % ports.size());
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return socket;
      } catch (IOException refused) {
        closeQuietly(socket);
      }
    }
    return null;
  }

  /** Copies one direction; when either side ends, both do (a connection is whole or gone). */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException ended) {
      // one side closed or was cut: close both below
    } finally {
      open.remove(from);
      open.remove(to);
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
