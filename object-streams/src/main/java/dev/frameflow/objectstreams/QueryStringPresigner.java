package dev.frameflow.objectstreams;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Presigns S3 requests with SigV4 query-string authentication (the {@code X-Amz-*} parameters),
 * producing the URL the AWS SDK's {@code S3Presigner} produces for the same credentials, clock,
 * region and request, byte for byte ({@code QueryStringPresignerTest}). Why our own: a Job gets a
 * few hundred URLs, and the SDK's presigner runs its whole request pipeline (interceptors, endpoint
 * rules, a request copy per step) for each, ~0.2 ms of CPU per URL; here a URL costs one SHA-256 of
 * its canonical request and one HMAC, with the derived signing key cached per day, region and
 * secret.
 *
 * <p>What it signs is what presigned URLs for an extractor need: the {@code host} header only and
 * {@code UNSIGNED-PAYLOAD} (the holder chooses the body, as with the SDK's presigned PUT), no
 * header the holder would have to repeat. The canonical request follows SigV4 as S3 applies it: the
 * path is the key URI-encoded once with {@code /} kept and never normalized, the query sorted by
 * encoded name then value.
 */
public final class QueryStringPresigner {

  /** SigV4's longest validity (S3 refuses longer; the SDK's presigner throws). */
  public static final Duration MAX_VALIDITY = Duration.ofDays(7);

  /**
   * The most a URL signed with temporary credentials keeps between its end and theirs (see {@link
   * #validity}).
   */
  public static final Duration MAX_SAFETY_MARGIN = Duration.ofSeconds(30);

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final String SERVICE = "s3";
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String scheme;
  private final String endpointHost;
  private final String endpointPath;
  private final boolean pathStyle;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final Clock clock;

  /** The last derived key: a new one is needed once a day or when the credentials rotate. */
  private volatile SigningKey signingKey;

  private record SigningKey(String secret, String day, byte[] key) {}

  /**
   * @param endpoint the S3 endpoint, or null for AWS's: {@code https://s3.<region>.amazonaws.com}
   *     ({@code .amazonaws.com.cn} in China), {@code https://s3.amazonaws.com} for us-east-1 as the
   *     SDK has it
   * @param pathStyle {@code https://host/bucket/key} rather than {@code https://bucket.host/key}; a
   *     bucket that cannot be a host name is addressed by path anyway, as the SDK does
   */
  public QueryStringPresigner(
      URI endpoint,
      boolean pathStyle,
      String region,
      AwsCredentialsProvider credentials,
      Clock clock) {
    URI base =
        endpoint != null
            ? endpoint
            : URI.create(
                "us-east-1".equals(region)
                    ? "https://s3.amazonaws.com"
                    : "https://s3."
                        + region
                        + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
    this.scheme = base.getScheme().toLowerCase(java.util.Locale.ROOT);
    this.endpointHost =
        base.getPort() == -1 || isDefaultPort(scheme, base.getPort())
            ? base.getHost()
            : base.getHost() + ":" + base.getPort();
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.endpointPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.pathStyle = pathStyle;
    this.region = region;
    this.credentials = credentials;
    this.clock = clock;
  }

  public QueryStringPresigner(
      URI endpoint, boolean pathStyle, String region, AwsCredentialsProvider credentials) {
    this(endpoint, pathStyle, region, credentials, Clock.systemUTC());
  }

  /**
   * URLs signed at one instant with one set of credentials, valid for {@code requested} as far as
   * {@link #validity} allows: the operator signs a pod's grant as one batch, so that all its URLs
   * end together at {@link Batch#expiresAt()}.
   */
  public Batch batch(Duration requested) {
    AwsCredentials identity = credentials.resolveCredentials();
    Instant now = clock.instant();
    return new Batch(identity, now, validity(requested, identity, now));
  }

  /**
   * How long a URL signed at {@code now} with {@code identity} is valid when {@code requested} is
   * asked for: never longer than SigV4's 7 days ({@link #MAX_VALIDITY}) and, for temporary
   * credentials (STS, IRSA: they carry an {@linkplain AwsCredentials#expirationTime() expiration}),
   * never past their expiration less a safety margin (a tenth of what is left, at most {@link
   * #MAX_SAFETY_MARGIN}: the clocks of S3, STS and the signer may differ a little). A URL signed
   * with a session that has expired stops working with it (S3: {@code 400 ExpiredToken}) whatever
   * its {@code X-Amz-Expires} says; a URL that says so is honest about when it ends. Whole seconds,
   * as {@code X-Amz-Expires} counts them.
   *
   * @throws IllegalArgumentException when {@code requested} is not positive
   * @throws IllegalStateException when the credentials expire within the second: nothing signed
   *     with them would work
   */
  public static Duration validity(Duration requested, AwsCredentials identity, Instant now) {
    if (requested.isNegative() || requested.isZero()) {
      throw new IllegalArgumentException(
          "a presigned URL is valid for 1 s up to 7 days, not " + requested);
    }
    Duration valid = requested.compareTo(MAX_VALIDITY) > 0 ? MAX_VALIDITY : requested;
    Optional<Instant> expiration = identity.expirationTime();
    if (expiration.isPresent()) {
      Duration left = Duration.between(now, expiration.get());
      Duration tenth = left.dividedBy(10);
      Duration margin = tenth.compareTo(MAX_SAFETY_MARGIN) > 0 ? MAX_SAFETY_MARGIN : tenth;
      Duration usable = left.minus(margin).truncatedTo(ChronoUnit.SECONDS);
      if (usable.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalStateException(
            "the signing credentials expire at " + expiration.get() + ": too soon to sign with");
      }
      if (usable.compareTo(valid) < 0) {
        valid = usable;
      }
    }
    return Duration.ofSeconds(valid.toSeconds());
  }

  /** A GET of the object (ranged reads included). */
  public String getObject(String bucket, String key, Duration valid) {
    return batch(valid).getObject(bucket, key);
  }

  /** A PUT of the object, any body. */
  public String putObject(String bucket, String key, Duration valid) {
    return batch(valid).putObject(bucket, key);
  }

  /** A PUT of part {@code partNumber} of upload {@code uploadId}. */
  public String uploadPart(
      String bucket, String key, String uploadId, int partNumber, Duration valid) {
    return batch(valid).uploadPart(bucket, key, uploadId, partNumber);
  }

  /**
   * The PUTs of parts 1 to {@code parts} of upload {@code uploadId}, all signed at one instant with
   * one set of credentials, so they differ only in part number and signature (a Job's Secret keeps
   * them as one template and the signatures).
   */
  public List<String> uploadParts(
      String bucket, String key, String uploadId, int parts, Duration valid) {
    return batch(valid).uploadParts(bucket, key, uploadId, parts);
  }

  /** The POST completing upload {@code uploadId}. */
  public String completeMultipartUpload(
      String bucket, String key, String uploadId, Duration valid) {
    return batch(valid).completeMultipartUpload(bucket, key, uploadId);
  }

  /** The DELETE aborting upload {@code uploadId}. */
  public String abortMultipartUpload(String bucket, String key, String uploadId, Duration valid) {
    return batch(valid).abortMultipartUpload(bucket, key, uploadId);
  }

  /**
   * URLs signed with one identity at one instant, all valid for {@link #validity()} (what {@link
   * QueryStringPresigner#validity} allowed of the requested time) and so ending together at {@link
   * #expiresAt()}.
   */
  public final class Batch {

    private final AwsCredentials identity;
    private final Instant now;
    private final Duration valid;

    private Batch(AwsCredentials identity, Instant now, Duration valid) {
      this.identity = identity;
      this.now = now;
      this.valid = valid;
    }

    /** How long the URLs are valid (at most what was asked). */
    public Duration validity() {
      return valid;
    }

    /** When the URLs stop working. */
    public Instant expiresAt() {
      return now.plus(valid);
    }

    public String getObject(String bucket, String key) {
      return presign("GET", bucket, key, List.of());
    }

    public String putObject(String bucket, String key) {
      return presign("PUT", bucket, key, List.of());
    }

    public String uploadPart(String bucket, String key, String uploadId, int partNumber) {
      return presign(
          "PUT",
          bucket,
          key,
          List.of(param("partNumber", Integer.toString(partNumber)), param("uploadId", uploadId)));
    }

    public List<String> uploadParts(String bucket, String key, String uploadId, int parts) {
      List<String> urls = new ArrayList<>(parts);
      for (int n = 1; n <= parts; n++) {
        urls.add(uploadPart(bucket, key, uploadId, n));
      }
      return urls;
    }

    public String completeMultipartUpload(String bucket, String key, String uploadId) {
      return presign("POST", bucket, key, List.of(param("uploadId", uploadId)));
    }

    public String abortMultipartUpload(String bucket, String key, String uploadId) {
      return presign("DELETE", bucket, key, List.of(param("uploadId", uploadId)));
    }

    private String presign(
        String method, String bucket, String key, List<Map.Entry<String, String>> params) {
      return QueryStringPresigner.this.presign(method, bucket, key, params, valid, identity, now);
    }
  }

  private static Map.Entry<String, String> param(String name, String value) {
    return Map.entry(name, value);
  }

  private String presign(
      String method,
      String bucket,
      String key,
      List<Map.Entry<String, String>> requestParams,
      Duration valid,
      AwsCredentials identity,
      Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String day = amzDate.substring(0, 8);
    String scope = day + "/" + region + "/" + SERVICE + "/aws4_request";

    String host;
    String path;
    if (pathStyle || !virtualHostable(bucket)) {
      host = endpointHost;
      path = endpointPath + "/" + bucket + "/" + encode(key, true);
    } else {
      host = bucket + "." + endpointHost;
      path = endpointPath + "/" + encode(key, true);
    }

    // the order the SDK writes them in: the request's own, then the signer's
    List<Map.Entry<String, String>> params = new ArrayList<>(requestParams);
    if (identity instanceof AwsSessionCredentials session) {
      params.add(param("X-Amz-Security-Token", session.sessionToken()));
    }
    params.add(param("X-Amz-Algorithm", ALGORITHM));
    params.add(param("X-Amz-Date", amzDate));
    params.add(param("X-Amz-SignedHeaders", "host"));
    params.add(param("X-Amz-Credential", identity.accessKeyId() + "/" + scope));
    params.add(param("X-Amz-Expires", Long.toString(valid.toSeconds())));

    List<String[]> encoded = new ArrayList<>(params.size());
    for (Map.Entry<String, String> p : params) {
      encoded.add(new String[] {encode(p.getKey(), false), encode(p.getValue(), false)});
    }
    List<String[]> sorted = new ArrayList<>(encoded);
    sorted.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    StringBuilder canonicalQuery = new StringBuilder();
    for (String[] p : sorted) {
      if (canonicalQuery.length() > 0) {
        canonicalQuery.append('&');
      }
      canonicalQuery.append(p[0]).append('=').append(p[1]);
    }
    String canonicalRequest =
        method
            + '\n'
            + path
            + '\n'
            + canonicalQuery
            + '\n'
            + "host:"
            + host
            + "\n\nhost\n"
            + UNSIGNED_PAYLOAD;
    String stringToSign =
        ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + hex(sha256(canonicalRequest));
    String signature = hex(hmac(signingKey(identity.secretAccessKey(), day), stringToSign));

    StringBuilder url = new StringBuilder(path.length() + 512);
    url.append(scheme).append("://").append(host).append(path).append('?');
    for (String[] p : encoded) {
      url.append(p[0]).append('=').append(p[1]).append('&');
    }
    return url.append("X-Amz-Signature=").append(signature).toString();
  }

  private byte[] signingKey(String secret, String day) {
    SigningKey cached = signingKey;
    if (cached != null && cached.day().equals(day) && cached.secret().equals(secret)) {
      return cached.key();
    }
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, SERVICE);
    key = hmac(key, "aws4_request");
    signingKey = new SigningKey(secret, day, key);
    return key;
  }

  /**
   * A bucket the SDK addresses as a host name: a DNS name of 3–63 characters, not an IP address,
   * with dots only over plain http (a dotted name breaks the wildcard certificate).
   */
  private boolean virtualHostable(String bucket) {
    if (bucket.length() < 3 || bucket.length() > 63 || IP_ADDRESS.matcher(bucket).matches()) {
      return false;
    }
    if (bucket.indexOf('.') >= 0 && !"http".equals(scheme)) {
      return false;
    }
    for (String label : bucket.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDefaultPort(String scheme, int port) {
    return ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
  }

  /** RFC 3986 percent-encoding of everything but the unreserved characters (and {@code /}). */
  static String encode(String value, boolean keepSlash) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = null;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean plain =
          (b >= 'A' && b <= 'Z')
              || (b >= 'a' && b <= 'z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || b == '_'
              || b == '.'
              || b == '~'
              || (keepSlash && b == '/');
      if (plain) {
        if (out != null) {
          out.append((char) b);
        }
      } else {
        if (out == null) {
          out = new StringBuilder(bytes.length + 16);
          for (int j = 0; j < i; j++) {
            out.append((char) bytes[j]);
          }
        }
        out.append('%')
            .append(Character.toUpperCase(HEX[b >> 4]))
            .append(Character.toUpperCase(HEX[b & 0xf]));
      }
    }
    return out == null ? value : out.toString();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
