package dev.frameflow.testing.aws;

import dev.frameflow.testing.aws.IssuedCredentials.Issued;
import dev.frameflow.testing.aws.IssuedCredentials.Principal;
import dev.frameflow.testing.conformance.ConformanceLog;
import java.lang.reflect.Field;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * In front of s3proxy, does what S3 does before it serves a request signed with temporary
 * credentials: refuses an expired session ({@code 400 ExpiredToken}) or a missing or wrong session
 * token ({@code 403 InvalidToken}). Then records the request as the IAM action S3 authorizes it as,
 * attributed to the principal whose key signed it, for {@code scripts/check-conformance} to
 * evaluate against that principal's Terraform policy.
 */
public final class S3RequestRecorder extends Handler.Wrapper {

  /**
   * The logical bucket the Terraform policies know a test bucket by: the tests name theirs {@code
   * *-uploads} and {@code *-results}.
   */
  static String logicalBucket(String bucket) {
    if (bucket == null) {
      return null;
    }
    return bucket.endsWith("uploads") ? "uploads" : bucket.endsWith("results") ? "results" : bucket;
  }

  private final Clock clock;
  private final ConformanceLog log = ConformanceLog.of("s3-requests");

  private S3RequestRecorder(Handler s3proxy, Clock clock) {
    super(s3proxy);
    this.clock = clock;
  }

  /**
   * Puts a recorder in front of this (not yet started) s3proxy, and has it take the keys of {@link
   * IssuedCredentials}. s3proxy keeps its Jetty server private; reflection is the only way in
   * front.
   */
  public static void installIn(S3Proxy proxy, BlobStore blobStore, Clock clock) {
    proxy.setBlobStoreLocator(
        (identity, container, blob) ->
            IssuedCredentials.lookUp(identity)
                .map(issued -> new AccessGrant(issued.secretAccessKey(), blobStore))
                .orElse(null));
    try {
      Field field = S3Proxy.class.getDeclaredField("server");
      field.setAccessible(true);
      Server server = (Server) field.get(proxy);
      server.setHandler(new S3RequestRecorder(server.getHandler(), clock));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "s3proxy changed: no Jetty server to put a recorder in front of", e);
    }
  }

  /** One request as S3 would authorize it. */
  record Authorized(String action, String bucket, String key, String prefix) {}

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Map<String, List<String>> parameters = parameters(request.getHttpURI().getQuery());
    boolean presigned = parameters.containsKey("X-Amz-Credential");
    String accessKey =
        presigned
            ? first(parameters, "X-Amz-Credential").split("/")[0]
            : accessKeyOf(request.getHeaders().get("Authorization"));
    Optional<Issued> credentials = IssuedCredentials.lookUp(accessKey);
    if (credentials.isEmpty()) {
      return super.handle(request, response, callback); // s3proxy refuses an unknown key
    }
    String token =
        presigned
            ? first(parameters, "X-Amz-Security-Token")
            : request.getHeaders().get("x-amz-security-token");
    String refusal = sessionRefusal(credentials.get(), token);
    if (refusal != null) {
      return "ExpiredToken".equals(refusal)
          ? refuse(response, callback, 400, refusal, "The provided token has expired.")
          : refuse(
              response,
              callback,
              403,
              refusal,
              "The provided token is malformed or otherwise invalid.");
    }
    List<Authorized> actions =
        authorize(
            request.getMethod(),
            request.getHttpURI().getDecodedPath(),
            parameters,
            request.getHeaders().get("x-amz-copy-source"));
    Principal principal = credentials.get().principal();
    String signedBy = presigned ? "presigned" : "header";
    String queryNames =
        String.join(
            "&",
            new TreeSet<>(parameters.keySet())
                .stream().filter(name -> !name.startsWith("X-Amz-")).toList());
    // the status is part of the record: S3 answers a missing key with 404 only to a principal
    // that may list the bucket, so a 404 the code relies on needs that grant too
    Runnable write =
        () ->
            actions.forEach(
                authorized ->
                    record(
                        principal,
                        authorized,
                        signedBy,
                        request.getMethod(),
                        queryNames,
                        response.getStatus()));
    // recorded before the exchange completes, so a caller that got its answer finds the record
    Callback recording =
        new Callback() {
          @Override
          public void succeeded() {
            write.run();
            callback.succeeded();
          }

          @Override
          public void failed(Throwable failure) {
            write.run();
            callback.failed(failure);
          }

          @Override
          public InvocationType getInvocationType() {
            return callback.getInvocationType();
          }
        };
    return super.handle(request, response, recording);
  }

  /** Why S3 refuses this key's session ({@code InvalidToken}, {@code ExpiredToken}), or null. */
  private String sessionRefusal(Issued credentials, String token) {
    if (credentials.sessionToken() == null) {
      return null; // a long-term key (the harness's)
    }
    if (!credentials.sessionToken().equals(token)) {
      return "InvalidToken";
    }
    return credentials.expiredAt(clock.instant()) ? "ExpiredToken" : null;
  }

  private void record(
      Principal principal,
      Authorized authorized,
      String signedBy,
      String method,
      String queryNames,
      int status) {
    log.write(
        ConformanceLog.record(
            "principal", principal.name(),
            "roleArn", principal.arn(),
            "action", authorized.action(),
            "bucket", logicalBucket(authorized.bucket()),
            "key", authorized.key(),
            "prefix", authorized.prefix(),
            "signedBy", signedBy,
            "method", method,
            "query", queryNames,
            "status", status));
  }

  /**
   * The IAM actions S3 checks for a path-style request (a copy also reads its source); see
   * "Actions, resources and condition keys for Amazon S3" in the Service Authorization Reference.
   */
  static List<Authorized> authorize(
      String method, String path, Map<String, List<String>> parameters, String copySource) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.isEmpty()) {
      return List.of(new Authorized("s3:ListAllMyBuckets", null, null, null));
    }
    int slash = trimmed.indexOf('/');
    String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
    String key = slash < 0 || slash == trimmed.length() - 1 ? null : trimmed.substring(slash + 1);
    if (key == null) {
      String action = bucketAction(method, parameters);
      String prefix = "s3:ListBucket".equals(action) ? first(parameters, "prefix") : null;
      return List.of(new Authorized(action, bucket, null, prefix));
    }
    List<Authorized> actions = new ArrayList<>();
    actions.add(new Authorized(objectAction(method, parameters), bucket, key, null));
    if ("PUT".equals(method) && copySource != null && !copySource.isBlank()) {
      actions.add(copySourceRead(copySource));
    }
    return actions;
  }

  private static String bucketAction(String method, Map<String, List<String>> parameters) {
    return switch (method) {
      case "GET" ->
          parameters.containsKey("uploads")
              ? "s3:ListBucketMultipartUploads"
              : parameters.containsKey("location") ? "s3:GetBucketLocation" : "s3:ListBucket";
      case "HEAD" -> "s3:ListBucket";
      case "PUT" -> "s3:CreateBucket";
      case "DELETE" -> "s3:DeleteBucket";
      case "POST" -> parameters.containsKey("delete") ? "s3:DeleteObject" : "s3:PostObject";
      default -> "s3:Unknown" + method;
    };
  }

  private static String objectAction(String method, Map<String, List<String>> parameters) {
    boolean uploadId = parameters.containsKey("uploadId");
    return switch (method) {
      case "GET" ->
          uploadId
              ? "s3:ListMultipartUploadParts"
              : parameters.containsKey("acl")
                  ? "s3:GetObjectAcl"
                  : parameters.containsKey("tagging") ? "s3:GetObjectTagging" : "s3:GetObject";
      case "HEAD" -> "s3:GetObject";
      case "PUT" ->
          parameters.containsKey("acl")
              ? "s3:PutObjectAcl"
              : parameters.containsKey("tagging") ? "s3:PutObjectTagging" : "s3:PutObject";
      case "POST" -> "s3:PutObject"; // CreateMultipartUpload and CompleteMultipartUpload
      case "DELETE" -> uploadId ? "s3:AbortMultipartUpload" : "s3:DeleteObject";
      default -> "s3:Unknown" + method;
    };
  }

  /** A copy reads its source ({@code x-amz-copy-source: /bucket/key[?versionId=…]}). */
  private static Authorized copySourceRead(String copySource) {
    String source = URLDecoder.decode(copySource, StandardCharsets.UTF_8);
    source = source.startsWith("/") ? source.substring(1) : source;
    int slash = source.indexOf('/');
    return new Authorized(
        "s3:GetObject",
        slash < 0 ? source : source.substring(0, slash),
        slash < 0 ? null : source.substring(slash + 1).replaceFirst("\\?versionId=.*$", ""),
        null);
  }

  private static boolean refuse(
      Response response, Callback callback, int status, String code, String message) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/xml");
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error>";
    response.write(true, ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  private static String accessKeyOf(String authorization) {
    if (authorization == null) {
      return null;
    }
    int credential = authorization.indexOf("Credential=");
    if (credential >= 0) {
      String rest = authorization.substring(credential + "Credential=".length());
      return rest.substring(0, rest.indexOf('/'));
    }
    if (authorization.startsWith("AWS ")) {
      return authorization.substring(4, authorization.indexOf(':'));
    }
    return null;
  }

  static Map<String, List<String>> parameters(String query) {
    Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return parameters;
  }

  private static String first(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
