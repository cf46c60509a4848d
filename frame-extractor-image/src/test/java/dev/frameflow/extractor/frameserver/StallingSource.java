package dev.frameflow.extractor.frameserver;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store on 127.0.0.1 that holds every request until {@link #release()}: a render reading from it
 * keeps its slot as long as the test wants, so the limits are seen without timing. It answers
 * ranged GETs of one object as S3 does (206 with Content-Range); told to, it fails every read past
 * the first byte with a 500, as a store that breaks down mid-read.
 */
final class StallingSource implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  private final byte[] object;
  private final HttpServer server;
  private final CountDownLatch released = new CountDownLatch(1);
  private final Semaphore arrived = new Semaphore(0);
  private volatile boolean failing;

  StallingSource(byte[] object) throws IOException {
    this.object = object;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            arrived.release();
            released.await();
            Matcher range =
                RANGE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
            int from = 0;
            int to = object.length - 1;
            int status = 200;
            if (range.matches()) {
              from = Integer.parseInt(range.group(1));
              if (failing && (from > 0 || !"0".equals(range.group(2)))) {
                exchange.sendResponseHeaders(500, -1);
                return;
              }
              if (!range.group(2).isEmpty()) {
                to = Math.min(to, Integer.parseInt(range.group(2)));
              }
              status = 206;
              exchange
                  .getResponseHeaders()
                  .set("Content-Range", "bytes " + from + "-" + to + "/" + object.length);
            }
            exchange.sendResponseHeaders(status, to - from + 1);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(object, from, to - from + 1);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException e) {
            // the reader went away: nothing to tell it
          }
        });
    server.start();
  }

  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String url(String key) {
    return origin() + "/" + key;
  }

  /** Waits until {@code requests} more requests have arrived (and are held). */
  void awaitArrivals(int requests) throws InterruptedException {
    if (!arrived.tryAcquire(requests, 30, TimeUnit.SECONDS)) {
      throw new AssertionError("the source was never asked");
    }
  }

  void release() {
    released.countDown();
  }

  /** From now on a read past the first byte answers 500 (a one-byte check still passes). */
  void failReads() {
    failing = true;
  }

  void recover() {
    failing = false;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
