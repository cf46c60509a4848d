package dev.frameflow.extractor.ffmpeg;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What ffmpeg reads and how it may reach it. Every run names the protocols it may use ({@code
 * -protocol_whitelist}: {@code file} for a local file; {@code https,tls,tcp} for a URL, read in
 * place with range requests; plain {@code http} only for a loopback test server or the one
 * in-cluster store host the operator names, such as kind's MinIO) and, once the probe has found it,
 * the demuxer ({@code -f}), so a crafted file can neither open other URLs nor pick one of ffmpeg's
 * many lesser-used demuxers.
 *
 * @param location the path or URL given to {@code -i}
 * @param protocols the {@code -protocol_whitelist}
 * @param demuxer the {@code -f} demuxer, or null while probing
 * @param entryDemuxer for a concat script: the one demuxer its entries may use (the source's)
 */
public record MediaSource(String location, String protocols, String demuxer, String entryDemuxer) {

  static final String LOCAL_PROTOCOLS = "file";
  static final String URL_PROTOCOLS = "https,tls,tcp";
  static final String LOOPBACK_HTTP_PROTOCOLS = "http,tcp";
  static final String PIPE_PROTOCOLS = "pipe";

  /**
   * The in-cluster store over plain http: the same protocols as loopback, a separate constant so
   * that only the loopback relay gets the relay's small socket buffer.
   */
  static final String STORE_HTTP_PROTOCOLS = "tcp,http";

  public static MediaSource file(Path file) {
    return new MediaSource(file.toAbsolutePath().toString(), LOCAL_PROTOCOLS, null, null);
  }

  /**
   * An {@code https://} URL (a presigned GET), or an {@code http://} one on the loopback interface
   * (test servers); any other URL is refused.
   */
  public static MediaSource url(URI url) {
    return url(url, null);
  }

  /**
   * As {@link #url(URI)}, and plain {@code http://} on {@code plainHttpHost} too: the object
   * store's host where it is reached without TLS inside the cluster (kind's MinIO). The host is
   * named by the operator's configuration, never by the video, so no other plain-http host can be
   * reached.
   */
  public static MediaSource url(URI url, String plainHttpHost) {
    String scheme =
        url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (scheme.equals("https")) {
      return new MediaSource(url.toString(), URL_PROTOCOLS, null, null);
    }
    if (scheme.equals("http") && isLoopback(url.getHost())) {
      return new MediaSource(url.toString(), LOOPBACK_HTTP_PROTOCOLS, null, null);
    }
    if (scheme.equals("http")
        && plainHttpHost != null
        && !plainHttpHost.isBlank()
        && plainHttpHost.equalsIgnoreCase(url.getHost())) {
      return new MediaSource(url.toString(), STORE_HTTP_PROTOCOLS, null, null);
    }
    throw new IllegalArgumentException(
        "only https:// sources (or http:// on loopback or the configured store host) are read");
  }

  /**
   * This process's stdin, carrying a stream in {@code demuxer}'s format written by another ffmpeg
   * (the only protocol allowed: {@code pipe}).
   */
  public static MediaSource pipe(String demuxer) {
    return new MediaSource("pipe:0", PIPE_PROTOCOLS, demuxer, null);
  }

  public boolean isLocal() {
    return LOCAL_PROTOCOLS.equals(protocols);
  }

  /** The same source, read with the demuxer the probe found. */
  public MediaSource withDemuxer(String name) {
    return new MediaSource(location, protocols, name, entryDemuxer);
  }

  /**
   * A concat script (a local file) whose entries are this source: the script is read with {@code
   * file}, the entries with this source's protocols and demuxer (ffmpeg copies both whitelists to
   * the entries it opens).
   */
  public MediaSource concatScript(Path script) {
    String both = isLocal() ? LOCAL_PROTOCOLS : LOCAL_PROTOCOLS + "," + protocols;
    return new MediaSource(script.toAbsolutePath().toString(), both, "concat", demuxer);
  }

  /** The input options and {@code -i}, to go after any seek options of this input. */
  public List<String> inputArguments() {
    List<String> args = new ArrayList<>(List.of("-protocol_whitelist", protocols));
    boolean concat = "concat".equals(demuxer);
    if (concat && entryDemuxer != null) {
      args.addAll(List.of("-format_whitelist", "concat," + entryDemuxer));
    }
    if (demuxer != null) {
      args.addAll(List.of("-f", demuxer));
    }
    if (LOOPBACK_HTTP_PROTOCOLS.equals(protocols)) {
      // the loopback relay fetches as ffmpeg reads: a small socket buffer keeps it from running
      // far ahead of what a seek window needs; it answers a window's worth at a time, and ffmpeg
      // asks again for more
      args.addAll(entryOptions());
    }
    if (concat) {
      // the entries are absolute paths or URLs, which the concat demuxer calls unsafe
      args.addAll(List.of("-safe", "0"));
    }
    args.addAll(List.of("-i", location));
    return args;
  }

  /**
   * Options of this source's input as {@code -name value} pairs, for the input itself and for each
   * entry of a concat script over it (its {@code option} lines: ffmpeg does not pass the outer
   * input's options on to the entries).
   */
  public List<String> entryOptions() {
    if (LOOPBACK_HTTP_PROTOCOLS.equals(protocols)) {
      // the relay retries the store itself; ffmpeg's own backoff (up to 2 minutes between
      // attempts, and again for each read of the demuxer) would only hold a failed run for minutes
      return List.of("-recv_buffer_size", "32768", "-reconnect", "1", "-reconnect_delay_max", "1");
    }
    return List.of();
  }

  /** The location without a URL's query (a presigned URL's signature): for logs and manifests. */
  public String redacted() {
    int query = location.indexOf('?');
    return isLocal() || query < 0 ? location : location.substring(0, query);
  }

  @Override
  public String toString() {
    return redacted();
  }

  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
