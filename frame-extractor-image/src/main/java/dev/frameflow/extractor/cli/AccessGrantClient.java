package dev.frameflow.extractor.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.validation.ContractValidator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fetches the pod's {@link AccessGrant} from the operator: {@code GET $FRAMEFLOW_ACCESS_URL} with
 * the pod's projected ServiceAccount token (the file {@code $FRAMEFLOW_ACCESS_TOKEN_FILE}) as a
 * bearer token. This replaces the per-Job Secret: the URLs exist only in the answer and in this
 * process's memory, and an index of an Indexed Job gets its own URLs only.
 *
 * <p>The operator may be briefly unable to answer (a new leader, caches warming up: 503; under
 * load: 429; a restart: connection refused), so those are retried with backoff until {@value
 * #WAIT_VARIABLE} seconds (default 120) are spent. A 401, 403 or 404 means this pod is not entitled
 * (a stale pod, a deleted Job): retrying cannot help, the run fails at once and the Job's own retry
 * makes a new pod. Every failure is transient (exit 1): the operator's side, never the user's
 * video.
 *
 * <p>The token and the URLs are credentials: nothing here logs more than the endpoint's host and
 * the status codes.
 */
final class AccessGrantClient {

  /** Seconds the fetch may spend retrying before the run fails (default 120). */
  static final String WAIT_VARIABLE = AccessGrant.WAIT_VARIABLE;

  static final Duration DEFAULT_WAIT = Duration.ofSeconds(120);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  static final RetryBackoff BACKOFF =
      new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(5));

  /** A grant is a few KiB (a one-pod upload of 400 parts: ~30 KiB); more is not a grant. */
  static final int MAX_BODY_BYTES = 256 * 1024;

  /**
   * The grant's reader, built on first use: a run by hand (no grant) never pays for it (Jackson
   * with its time module: ~70 ms of a short run's start), a Job builds it on a warm-up thread
   * ({@link #warmUp}).
   */
  private static final class GrantJson {
    static final JsonMapper JSON =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
  }

  /** Builds the grant's reader now (a Job's start-up does it beside its other work). */
  static void warmUp() {
    GrantJson.JSON.getTypeFactory();
  }

  /** The grant could not be had: the run fails transient with this message (no credential). */
  static final class Unavailable extends IOException {
    Unavailable(String message) {
      super(message);
    }
  }

  /** The token file cannot be read (yet): retried, as the kubelet may be swapping it. */
  private static final class TokenUnreadable extends IOException {
    TokenUnreadable(String message) {
      super(message);
    }
  }

  private final HttpClient http;
  private final URI url;
  private final String host;
  private final Path tokenFile;
  private final Duration wait;
  private final Consumer<String> log;

  AccessGrantClient(URI url, Path tokenFile, Duration wait, Consumer<String> log) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.url = url;
    this.host = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    this.tokenFile = tokenFile;
    this.wait = wait;
    this.log = log;
  }

  /** True when the environment names an access endpoint or a token file (either of the two). */
  static boolean requested(Map<String, String> env) {
    return !blank(env.get(AccessGrant.URL_VARIABLE))
        || !blank(env.get(AccessGrant.TOKEN_FILE_VARIABLE));
  }

  /**
   * The pod's grant when the environment names the endpoint and the token file; null when it names
   * neither (the URLs come from the command line). One without the other is the Job's
   * misconfiguration: {@link Unavailable}.
   */
  static AccessGrant fromEnvironment(Map<String, String> env, Consumer<String> log)
      throws IOException, InterruptedException {
    AccessGrantClient grants = of(env, log);
    return grants == null ? null : grants.fetch();
  }

  /**
   * The client of the endpoint the environment names, or null when it names none (as {@link
   * #fromEnvironment}, without asking yet).
   */
  static AccessGrantClient of(Map<String, String> env, Consumer<String> log) throws Unavailable {
    if (!requested(env)) {
      return null;
    }
    String url = env.get(AccessGrant.URL_VARIABLE);
    String tokenFile = env.get(AccessGrant.TOKEN_FILE_VARIABLE);
    if (blank(url) || blank(tokenFile)) {
      throw new Unavailable(
          "access grant: "
              + AccessGrant.URL_VARIABLE
              + " and "
              + AccessGrant.TOKEN_FILE_VARIABLE
              + " go together, only "
              + (blank(url) ? AccessGrant.TOKEN_FILE_VARIABLE : AccessGrant.URL_VARIABLE)
              + " is set");
    }
    URI endpoint;
    try {
      endpoint = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new Unavailable("access grant: " + AccessGrant.URL_VARIABLE + " is not a URL");
    }
    String scheme = endpoint.getScheme();
    if (endpoint.getHost() == null
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      throw new Unavailable(
          "access grant: " + AccessGrant.URL_VARIABLE + " is not an http(s) URL with a host");
    }
    return new AccessGrantClient(endpoint, Path.of(tokenFile.trim()), waitOf(env), log);
  }

  /** How long a fetch keeps asking ({@value #WAIT_VARIABLE}). */
  Duration waitLimit() {
    return wait;
  }

  /** Asks until the operator answers 200, refuses for good, or the wait is spent. */
  AccessGrant fetch() throws IOException, InterruptedException {
    return fetch(wait);
  }

  /**
   * The same, retrying for {@code wait} at most: zero asks once (a renewal that has time to try
   * again later).
   */
  AccessGrant fetch(Duration wait) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    int attempts = 0;
    while (true) {
      attempts++;
      String outcome;
      try {
        Answer answer = ask();
        if (answer.grant() != null) {
          return answer.grant();
        }
        outcome = answer.retryable();
      } catch (Unavailable e) {
        throw e;
      } catch (IOException e) {
        // connection refused or reset, timeouts, an unreadable token file: the operator (or the
        // kubelet's rotation) may be back in a moment; the message names no URL, only its kind
        outcome = e instanceof TokenUnreadable ? e.getMessage() : e.getClass().getSimpleName();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new Unavailable(
            "access grant from "
                + host
                + ": no grant after "
                + attempts
                + " attempts in "
                + wait.toSeconds()
                + " s ("
                + WAIT_VARIABLE
                + "), last: "
                + outcome);
      }
      long pause = Math.min(BACKOFF.after(attempts).toNanos(), left);
      log.accept(
          "access grant from "
              + host
              + ": "
              + outcome
              + ", retrying in "
              + Duration.ofNanos(pause).toMillis()
              + " ms");
      Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
    }
  }

  /** One answer: the grant, or why asking again may help (429, 5xx). */
  private record Answer(AccessGrant grant, String retryable) {}

  /** Asks once; {@link Unavailable} when the operator refuses for good. */
  private Answer ask() throws IOException, InterruptedException {
    HttpResponse<InputStream> answer =
        http.send(request(), HttpResponse.BodyHandlers.ofInputStream());
    int status = answer.statusCode();
    if (status == 200) {
      return new Answer(grantIn(answer), null);
    }
    answer.body().close();
    if (status == 401 || status == 403 || status == 404) {
      throw new Unavailable(
          "access grant from "
              + host
              + ": HTTP "
              + status
              + ", this pod is not entitled to the Job's access (not retried: the Job's"
              + " retry starts a new pod)");
    }
    if (status != 429 && status < 500) {
      throw new Unavailable("access grant from " + host + ": HTTP " + status + " (not retried)");
    }
    return new Answer(null, "HTTP " + status);
  }

  /** The request with the token as it is now: the kubelet rotates the file, so read each time. */
  private HttpRequest request() throws IOException {
    String token;
    try {
      token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new TokenUnreadable("the token file is unreadable");
    }
    if (token.isEmpty()) {
      throw new TokenUnreadable("the token file is empty");
    }
    return HttpRequest.newBuilder(url)
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .GET()
        .build();
  }

  private AccessGrant grantIn(HttpResponse<InputStream> answer) throws IOException {
    byte[] body;
    try (InputStream in = answer.body()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new Unavailable(
          "access grant from " + host + ": the answer exceeds " + MAX_BODY_BYTES + " bytes");
    }
    AccessGrant grant;
    try {
      grant = GrantJson.JSON.readValue(body, AccessGrant.class);
    } catch (IOException e) {
      // Jackson's message may quote the body (URLs): only say it is not a grant
      throw new Unavailable("access grant from " + host + ": the answer is not a grant's JSON");
    }
    if (grant == null) {
      throw new Unavailable("access grant from " + host + ": the answer is empty");
    }
    var violations = ContractValidator.check(grant);
    if (!violations.isEmpty()) {
      // the operator's fault, never the video's: transient, with the broken fields named
      throw new Unavailable("access grant from " + host + ": invalid grant: " + violations);
    }
    return grant;
  }

  private static Duration waitOf(Map<String, String> env) throws Unavailable {
    String value = env.get(WAIT_VARIABLE);
    if (blank(value)) {
      return DEFAULT_WAIT;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds >= 0 && seconds <= 3600) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Unavailable(WAIT_VARIABLE + " must be 0..3600 but was " + value);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
