package dev.frameflow.gateway.frames;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 to one port whose gate can be shut: while it is, each new connection is
 * accepted and held, unanswered, until the gate opens again. Between the frame-server and the
 * object store it keeps renders reading their source for as long as a test needs their render slots
 * taken, without any timing.
 */
final class GatedRelay implements AutoCloseable {

  private final ServerSocket server;
  private final int target;
  private final Semaphore held = new Semaphore(0);
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "gated-relay");
            t.setDaemon(true);
            return t;
          });
  private volatile CountDownLatch gate = new CountDownLatch(0);

  GatedRelay(int target) {
    this.target = target;
    try {
      server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads.submit(this::accept);
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** New connections wait from now on. */
  void shut() {
    gate = new CountDownLatch(1);
  }

  /** Every held connection goes through, and new ones too. */
  void open() {
    gate.countDown();
  }

  /** Waits until {@code count} more connections are being held at the shut gate. */
  void awaitHeld(int count) throws InterruptedException {
    if (!held.tryAcquire(count, 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no connection arrived at the gate");
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        CountDownLatch current = gate;
        threads.submit(() -> relay(client, current));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(Socket client, CountDownLatch current) {
    try {
      if (current.getCount() > 0) {
        held.release();
        current.await();
      }
      Socket backend = new Socket();
      backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5000);
      threads.submit(() -> pump(backend, client));
      pump(client, backend);
    } catch (IOException | InterruptedException e) {
      closeQuietly(client);
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side ended: the other ends too
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    open();
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    threads.shutdownNow();
  }
}
