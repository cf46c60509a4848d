package dev.frameflow.extractor.frameserver;

import java.net.URI;
import java.util.Locale;

/**
 * The one origin ({@code scheme://host:port}) source URLs may point at: the object store's. A
 * render request naming any other is refused, so the frame-server cannot be made to fetch anything
 * else (another host, the cluster's metadata endpoint, a local file).
 */
public final class SourceOrigin {

  private final String scheme;
  private final String host;
  private final int port;

  private SourceOrigin(String scheme, String host, int port) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
  }

  /** Reads {@code https://s3.eu-west-1.amazonaws.com} (a path, query or user part is refused). */
  public static SourceOrigin parse(String text) {
    URI uri;
    try {
      uri = URI.create(text == null ? "" : text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the source origin is not a URL");
    }
    String scheme = lower(uri.getScheme());
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("the source origin must be an http(s) URL");
    }
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      throw new IllegalArgumentException("the source origin is scheme://host[:port] only");
    }
    return new SourceOrigin(scheme, lower(uri.getHost()), port(scheme, uri.getPort()));
  }

  /** Whether {@code url} is an http(s) URL of this origin, without a user part. */
  public boolean admits(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
    String scheme = lower(uri.getScheme());
    return scheme.equals(this.scheme)
        && uri.getRawUserInfo() == null
        && host.equals(lower(uri.getHost()))
        && port == port(scheme, uri.getPort());
  }

  /** The host ffmpeg may read over plain http (an in-cluster store without TLS); null for https. */
  public String plainHttpHost() {
    return scheme.equals("http") ? host : null;
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }

  private static int port(String scheme, int port) {
    return port >= 0 ? port : scheme.equals("https") ? 443 : 80;
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }
}
