package dev.frameflow.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the hostile servers of the tests share ({@link HostileHttpServer}, the webhook tarpit): a
 * server socket on 127.0.0.1 whose connections each get a daemon thread, and the reading of one
 * HTTP request by hand.
 */
public final class LoopbackHttp {

  private LoopbackHttp() {}

  /**
   * Listens on 127.0.0.1 (any free port); each accepted socket is added to {@code sockets} and
   * handed to {@code handler} on a thread of its own.
   */
  public static ServerSocket listen(String name, List<Socket> sockets, Consumer<Socket> handler)
      throws IOException {
    ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    daemon(
        name + "-accept",
        () -> {
          while (!server.isClosed()) {
            try {
              Socket socket = server.accept();
              sockets.add(socket);
              daemon(name + "-connection", () -> handler.accept(socket));
            } catch (IOException closed) {
              return;
            }
          }
        });
    return server;
  }

  /** Reads a request's line and headers, and skips its Content-Length body; answers the head. */
  public static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the headers ended");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    for (String line : text.split("\r\n")) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        in.readNBytes(Integer.parseInt(line.substring(15).strip()));
      }
    }
    return text;
  }

  public static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }
}
