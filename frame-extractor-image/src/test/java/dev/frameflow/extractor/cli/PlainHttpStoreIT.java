package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.extractor.testing.ZipContents;
import dev.frameflow.testing.TestVideos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kind's store: MinIO inside the cluster, reached over plain http on a host that is not loopback.
 * The extractor reads such a URL only when the operator names that host in {@link
 * PresignedAccess#PLAIN_HTTP_HOST_VARIABLE}; every other plain-http host stays refused.
 */
class PlainHttpStoreIT {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  @TempDir Path dir;
  private HttpServer server;
  private String host;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startStoreOnTheMachinesOwnAddress() throws Exception {
    InetAddress address = nonLoopbackAddress();
    assumeThat(address).as("a non-loopback IPv4 address on this machine").isNotNull();
    host = address.getHostAddress();
    byte[] video = Files.readAllBytes(TestVideos.h264Mp4());
    server = HttpServer.create(new InetSocketAddress(address, 0), 0);
    server.createContext("/uploads/videos/kind/source", exchange -> serve(exchange, video));
    server.start();
  }

  @AfterEach
  void stopStore() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void theNamedStoreHostIsReadOverPlainHttpSparseAndDense() throws Exception {
    String source =
        "http://" + host + ":" + server.getAddress().getPort() + "/uploads/videos/kind/source";
    Map<String, String> env = Map.of(PresignedAccess.PLAIN_HTTP_HOST_VARIABLE, host);

    assertThat(run(env, source, "sparse.zip")).as(err()).isZero();
    assertThat(ZipContents.of(dir.resolve("sparse.zip")).frameNumbers())
        .containsExactly(0, 30, 60, 90);

    assertThat(run(env, source, "dense.zip", "--fps", "30")).as(err()).isZero();
    ZipContents dense = ZipContents.of(dir.resolve("dense.zip"));
    assertThat(dense.manifest().get("strategy").asText()).isEqualTo("dense");
    assertThat(dense.frameNumbers()).hasSize(120);
  }

  @Test
  void withoutTheVariableOrForAnotherHostPlainHttpIsRefusedAsBadInput() throws Exception {
    String source =
        "http://" + host + ":" + server.getAddress().getPort() + "/uploads/videos/kind/source";

    assertThat(run(Map.of(), source, "none.zip")).isEqualTo(2);
    assertThat(run(Map.of(PresignedAccess.PLAIN_HTTP_HOST_VARIABLE, "minio"), source, "other.zip"))
        .isEqualTo(2);
    assertThat(dir.resolve("none.zip")).doesNotExist();
    assertThat(dir.resolve("other.zip")).doesNotExist();
  }

  private int run(Map<String, String> env, String source, String zip, String... more) {
    String[] base = {
      "extract",
      "--source",
      source,
      "--output",
      dir.resolve(zip).toString(),
      "--work-dir",
      dir.toString()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return ExtractorCli.run(
        args, env, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Serves one object with range requests, as S3 does. */
  private static void serve(HttpExchange exchange, byte[] body) throws IOException {
    try (exchange) {
      String range = exchange.getRequestHeaders().getFirst("Range");
      int from = 0;
      int to = body.length - 1;
      int status = 200;
      if (range != null) {
        Matcher m = RANGE.matcher(range);
        if (m.matches()) {
          from = Integer.parseInt(m.group(1));
          if (!m.group(2).isEmpty()) {
            to = Math.min(to, Integer.parseInt(m.group(2)));
          }
          status = 206;
          exchange
              .getResponseHeaders()
              .set("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
        }
      }
      exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
      int length = to - from + 1;
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : length);
      if (!head) {
        exchange.getResponseBody().write(body, from, length);
      }
    } catch (IOException e) {
      // ffmpeg closes a connection when it seeks: not a failure of the store
    }
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return address;
        }
      }
    }
    return null;
  }
}
