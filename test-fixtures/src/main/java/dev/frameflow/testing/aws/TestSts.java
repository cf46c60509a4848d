package dev.frameflow.testing.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.frameflow.testing.aws.IssuedCredentials.Issued;
import dev.frameflow.testing.aws.IssuedCredentials.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An STS stand-in answering {@code AssumeRoleWithWebIdentity} as EKS's IRSA path uses it: a pod has
 * a projected ServiceAccount token in a file and a role ARN in its environment; the SDK's default
 * credentials chain (which needs the {@code sts} module) trades them here for temporary credentials
 * that expire. The trust policy is the one {@code terraform/modules/pod-roles} declares: a role
 * trusts exactly one ServiceAccount, for the audience {@code sts.amazonaws.com}; any other token
 * gets {@code AccessDenied}. Each role gets keys of its own, registered in {@link
 * IssuedCredentials} so that the in-process S3 attributes and expires them.
 */
public final class TestSts implements AutoCloseable {

  public static final String ACCOUNT = "000000000000";
  public static final String AUDIENCE = "sts.amazonaws.com";
  public static final String NAMESPACE = "frameflow";

  /** The two IRSA roles and the ServiceAccount each trusts, as {@code pod-roles} declares them. */
  public enum Role {
    API_GATEWAY("api-gateway", "frameflow-api-gateway"),
    OPERATOR("operator", "frameflow-operator");

    private final String key;
    private final String serviceAccount;

    Role(String key, String serviceAccount) {
      this.key = key;
      this.serviceAccount = serviceAccount;
    }

    public String arn() {
      return "arn:aws:iam::" + ACCOUNT + ":role/frameflow-test-" + key;
    }

    public Principal principal() {
      return new Principal(key, arn());
    }

    public String subject() {
      return "system:serviceaccount:" + NAMESPACE + ":" + serviceAccount;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer server;
  private final Duration lifetime;
  private final Clock clock;
  private final Path tokenDirectory;
  private final Map<Role, AtomicInteger> issued = new ConcurrentHashMap<>();

  private TestSts(HttpServer server, Duration lifetime, Clock clock, Path tokenDirectory) {
    this.server = server;
    this.lifetime = lifetime;
    this.clock = clock;
    this.tokenDirectory = tokenDirectory;
  }

  /** Credentials that last 15 minutes, the shortest session real STS grants. */
  public static TestSts start(Path tokenDirectory) {
    return start(tokenDirectory, Duration.ofMinutes(15), Clock.systemUTC());
  }

  /** Credentials that last {@code lifetime} (shorter than AWS allows, to play expiry in a test). */
  public static TestSts start(Path tokenDirectory, Duration lifetime, Clock clock) {
    try {
      Files.createDirectories(tokenDirectory);
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      TestSts sts = new TestSts(server, lifetime, clock, tokenDirectory);
      server.createContext("/", sts::answer);
      server.setExecutor(Executors.newFixedThreadPool(2, r -> daemon(r, "test-sts")));
      server.start();
      return sts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How many credentials this role has been issued so far. */
  public int issuedTo(Role role) {
    return issued.computeIfAbsent(role, r -> new AtomicInteger()).get();
  }

  /**
   * What EKS injects into a pod of this role's ServiceAccount, as environment variables: the role,
   * the token file (written now, for the role's ServiceAccount and STS's audience), the region, and
   * where STS is.
   */
  public Map<String, String> irsaEnvironment(Role role) {
    Path tokenFile = tokenDirectory.resolve(role.key + "-token");
    writeToken(tokenFile, role.subject(), AUDIENCE);
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ROLE_ARN", role.arn());
    env.put("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString());
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ENDPOINT_URL_STS", endpoint().toString());
    return env;
  }

  /**
   * The same as the JVM system properties the SDK reads in place of those variables (a test JVM
   * cannot change its own environment).
   */
  public Map<String, String> irsaSystemProperties(Role role) {
    Map<String, String> env = irsaEnvironment(role);
    return Map.of(
        "aws.roleArn", env.get("AWS_ROLE_ARN"),
        "aws.webIdentityTokenFile", env.get("AWS_WEB_IDENTITY_TOKEN_FILE"),
        "aws.region", env.get("AWS_REGION"),
        "aws.endpointUrlSts", env.get("AWS_ENDPOINT_URL_STS"));
  }

  /** Writes a projected ServiceAccount token as the kubelet would (JWT claims; not signed here). */
  public static void writeToken(Path file, String subject, String audience) {
    String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String claims =
        base64Url(
            "{\"iss\":\"https://oidc.eks.test\",\"sub\":\""
                + subject
                + "\",\"aud\":[\""
                + audience
                + "\"]}");
    try {
      Files.writeString(file, header + "." + claims + ".");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = form(exchange);
      if (!"AssumeRoleWithWebIdentity".equals(form.get("Action"))) {
        reply(exchange, 400, error("InvalidAction", "only AssumeRoleWithWebIdentity is served"));
        return;
      }
      Role role = roleOf(form.get("RoleArn"));
      if (role == null) {
        reply(exchange, 403, error("AccessDenied", "no such role: " + form.get("RoleArn")));
        return;
      }
      String token = form.getOrDefault("WebIdentityToken", "");
      String claims = claims(token);
      if (!claims.contains("\"sub\":\"" + role.subject() + "\"")
          || !claims.contains("\"" + AUDIENCE + "\"")) {
        reply(
            exchange,
            403,
            error(
                "AccessDenied",
                "Not authorized to perform sts:AssumeRoleWithWebIdentity: the role trusts "
                    + role.subject()
                    + " for audience "
                    + AUDIENCE));
        return;
      }
      reply(exchange, 200, credentials(role, form.getOrDefault("RoleSessionName", "session")));
    }
  }

  private static Role roleOf(String arn) {
    for (Role role : Role.values()) {
      if (role.arn().equals(arn)) {
        return role;
      }
    }
    return null;
  }

  private static String claims(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return "";
    }
    try {
      return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private String credentials(Role role, String session) {
    int serial = issued.computeIfAbsent(role, r -> new AtomicInteger()).incrementAndGet();
    String accessKey =
        ("ASIA" + role.key.replace("-", "").toUpperCase(Locale.ROOT) + serial + random(4))
            .substring(0, 20);
    Instant expiresAt = clock.instant().plus(lifetime);
    Issued credentials = new Issued(role.principal(), accessKey, random(20), random(32), expiresAt);
    IssuedCredentials.register(credentials);
    return "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        + "<AssumeRoleWithWebIdentityResult>"
        + "<SubjectFromWebIdentityToken>"
        + role.subject()
        + "</SubjectFromWebIdentityToken>"
        + "<Audience>"
        + AUDIENCE
        + "</Audience>"
        + "<AssumedRoleUser><Arn>arn:aws:sts::"
        + ACCOUNT
        + ":assumed-role/frameflow-test-"
        + role.key
        + "/"
        + session
        + "</Arn><AssumedRoleId>AROATEST:"
        + session
        + "</AssumedRoleId></AssumedRoleUser>"
        + "<Credentials><AccessKeyId>"
        + credentials.accessKeyId()
        + "</AccessKeyId><SecretAccessKey>"
        + credentials.secretAccessKey()
        + "</SecretAccessKey><SessionToken>"
        + credentials.sessionToken()
        + "</SessionToken><Expiration>"
        + DateTimeFormatter.ISO_INSTANT.format(expiresAt)
        + "</Expiration></Credentials>"
        + "<Provider>oidc.eks.test</Provider>"
        + "</AssumeRoleWithWebIdentityResult>"
        + "<ResponseMetadata><RequestId>"
        + random(8)
        + "</RequestId></ResponseMetadata>"
        + "</AssumeRoleWithWebIdentityResponse>";
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return HexFormat.of().withUpperCase().formatHex(value);
  }

  private static Map<String, String> form(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String query = exchange.getRequestURI().getRawQuery();
    String all = query == null ? body : query + "&" + body;
    Map<String, String> form = new HashMap<>();
    for (String pair : all.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static String error(String code, String message) {
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
        + "<Type>Sender</Type><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error><RequestId>0</RequestId></ErrorResponse>";
  }

  private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
