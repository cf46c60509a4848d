package dev.frameflow.objectstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Our SigV4 presigner against the AWS SDK's {@code S3Presigner}: for the same credentials, clock,
 * region, addressing style and request, the same URL byte for byte. The SDK's clock cannot be set,
 * so each case presigns with the SDK first and gives ours the instant the SDK signed at (its {@code
 * X-Amz-Date}, which is all of the clock a signature sees).
 */
class QueryStringPresignerTest {

  static final Duration VALID = Duration.ofSeconds(3_723);
  static final Pattern AMZ_DATE = Pattern.compile("[?&]X-Amz-Date=(\\d{8}T\\d{6}Z)");

  /** Keys as the operator writes them, and ones that need URI-encoding. */
  static final List<String> KEYS =
      List.of(
          "results/3f1c2a9e-7d4b-4c1e-9a65-0c7f1b2e8d4a/frames.zip",
          "uploads/a b+c*d~e(f)!g'h;i,j=k&l?m#n@o$p:q.mp4",
          "ünïcødé/视频/フレーム.zip",
          "trailing/slash/",
          "double//slash/and/%25percent%2F.zip",
          "tilde~under_score-dash.dot");

  static final AwsCredentials BASIC =
      AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  static final AwsCredentials SESSION =
      AwsSessionCredentials.create(
          "ASIAEXAMPLE",
          "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
          "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+/==");

  /** endpoint (null: AWS's own), path style, region, bucket, credentials. */
  static Stream<Arguments> setups() {
    return Stream.of(
        Arguments.of("http://127.0.0.1:34567", true, "us-east-1", "frameflow-results", BASIC),
        Arguments.of("http://127.0.0.1:34567", true, "us-east-1", "frameflow-results", SESSION),
        Arguments.of(null, false, "eu-west-1", "frameflow-results", BASIC),
        Arguments.of(null, false, "eu-west-1", "frameflow-results", SESSION),
        Arguments.of(null, false, "us-east-1", "frameflow-results", BASIC),
        Arguments.of(null, false, "eu-central-1", "my.dotted.bucket", BASIC),
        Arguments.of(null, true, "ap-southeast-2", "frameflow-results", SESSION),
        Arguments.of("https://minio.example.org", true, "us-east-1", "results", BASIC),
        Arguments.of("https://minio.example.org:9000", true, "eu-west-3", "results", SESSION),
        Arguments.of("http://minio.frameflow.svc:9000", false, "us-east-1", "results", BASIC));
  }

  @ParameterizedTest(name = "{0} pathStyle={1} {2} {3} {4}")
  @MethodSource("setups")
  void everyUrlIsTheOneTheSdkMakes(
      String endpoint, boolean pathStyle, String region, String bucket, AwsCredentials identity) {
    var credentials = StaticCredentialsProvider.create(identity);
    var builder =
        S3Presigner.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    String uploadId = "2~iCw_lDY8VoNnW3hjyk.Q-+/=ZZ";
    int compared = 0;
    try (S3Presigner sdk = builder.build()) {
      for (String key : KEYS) {
        compare(
            sdk.presignGetObject(
                    p ->
                        p.signatureDuration(VALID).getObjectRequest(g -> g.bucket(bucket).key(key)))
                .url()
                .toString(),
            ours -> ours.getObject(bucket, key, VALID),
            endpoint,
            pathStyle,
            region,
            credentials);
        compare(
            sdk.presignPutObject(
                    p ->
                        p.signatureDuration(VALID).putObjectRequest(o -> o.bucket(bucket).key(key)))
                .url()
                .toString(),
            ours -> ours.putObject(bucket, key, VALID),
            endpoint,
            pathStyle,
            region,
            credentials);
        for (int part : new int[] {1, 10, 256}) {
          compare(
              sdk.presignUploadPart(
                      p ->
                          p.signatureDuration(VALID)
                              .uploadPartRequest(
                                  u ->
                                      u.bucket(bucket)
                                          .key(key)
                                          .uploadId(uploadId)
                                          .partNumber(part)))
                  .url()
                  .toString(),
              ours -> ours.uploadPart(bucket, key, uploadId, part, VALID),
              endpoint,
              pathStyle,
              region,
              credentials);
        }
        compare(
            sdk.presignCompleteMultipartUpload(
                    p ->
                        p.signatureDuration(VALID)
                            .completeMultipartUploadRequest(
                                c -> c.bucket(bucket).key(key).uploadId(uploadId)))
                .url()
                .toString(),
            ours -> ours.completeMultipartUpload(bucket, key, uploadId, VALID),
            endpoint,
            pathStyle,
            region,
            credentials);
        compare(
            sdk.presignAbortMultipartUpload(
                    p ->
                        p.signatureDuration(VALID)
                            .abortMultipartUploadRequest(
                                a -> a.bucket(bucket).key(key).uploadId(uploadId)))
                .url()
                .toString(),
            ours -> ours.abortMultipartUpload(bucket, key, uploadId, VALID),
            endpoint,
            pathStyle,
            region,
            credentials);
        compared += 7;
      }
    }
    assertThat(compared).isEqualTo(7 * KEYS.size());
  }

  private static void compare(
      String sdkUrl,
      Function<QueryStringPresigner, String> presign,
      String endpoint,
      boolean pathStyle,
      String region,
      StaticCredentialsProvider credentials) {
    Matcher date = AMZ_DATE.matcher(sdkUrl);
    assertThat(date.find()).as("X-Amz-Date in " + sdkUrl).isTrue();
    Instant signedAt =
        LocalDateTime.parse(date.group(1), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
            .toInstant(ZoneOffset.UTC);
    var ours =
        new QueryStringPresigner(
            endpoint == null ? null : URI.create(endpoint),
            pathStyle,
            region,
            credentials,
            Clock.fixed(signedAt, ZoneOffset.UTC));
    assertThat(presign.apply(ours)).isEqualTo(sdkUrl);
  }

  /**
   * The derived key is cached: a presigner that signed yesterday (or with the old secret) signs as
   * a fresh one does, whose URLs the test above compares with the SDK's.
   */
  @Test
  void aNewDayOrRotatedCredentialsSignWithANewKey() {
    URI endpoint = URI.create("http://127.0.0.1:34567");
    Instant lastSecond = Instant.parse("2026-11-29T23:59:59Z");
    var clock = new MutableClock(lastSecond);
    var rotating = new RotatingCredentials();
    var cached = new QueryStringPresigner(endpoint, true, "us-east-1", rotating, clock);

    String yesterday = cached.getObject("b", "k", VALID);
    clock.now = lastSecond.plusSeconds(1);
    String today = cached.getObject("b", "k", VALID);
    rotating.current = SESSION;
    String rotated = cached.getObject("b", "k", VALID);

    assertThat(yesterday)
        .contains("X-Amz-Credential=AKIDEXAMPLE%2F20261129%2F")
        .isEqualTo(fresh(endpoint, BASIC, lastSecond).getObject("b", "k", VALID));
    assertThat(today)
        .contains("X-Amz-Credential=AKIDEXAMPLE%2F20261130%2F")
        .isEqualTo(fresh(endpoint, BASIC, clock.now).getObject("b", "k", VALID));
    assertThat(rotated)
        .contains("X-Amz-Security-Token=")
        .isEqualTo(fresh(endpoint, SESSION, clock.now).getObject("b", "k", VALID));
  }

  @Test
  void aJobsPartsAreSignedAtOneInstantEvenWhileTheClockTicks() {
    URI endpoint = URI.create("http://127.0.0.1:34567");
    Instant start = Instant.parse("2026-11-29T10:15:59Z");
    // a clock that moves on a second every time it is read: parts signed one by one would differ
    var ticking =
        new MutableClock(start) {
          @Override
          public Instant instant() {
            Instant at = now;
            now = now.plusSeconds(1);
            return at;
          }
        };
    var presigner =
        new QueryStringPresigner(
            endpoint, true, "us-east-1", StaticCredentialsProvider.create(BASIC), ticking);

    List<String> parts = presigner.uploadParts("b", "k.zip", "upload-1", 3, VALID);

    QueryStringPresigner atStart = fresh(endpoint, BASIC, start);
    assertThat(parts)
        .containsExactly(
            atStart.uploadPart("b", "k.zip", "upload-1", 1, VALID),
            atStart.uploadPart("b", "k.zip", "upload-1", 2, VALID),
            atStart.uploadPart("b", "k.zip", "upload-1", 3, VALID));
    assertThat(parts).allSatisfy(url -> assertThat(url).contains("X-Amz-Date=20261129T101559Z"));
  }

  private static QueryStringPresigner fresh(URI endpoint, AwsCredentials identity, Instant at) {
    return new QueryStringPresigner(
        endpoint,
        true,
        "us-east-1",
        StaticCredentialsProvider.create(identity),
        Clock.fixed(at, ZoneOffset.UTC));
  }

  @Test
  void validityIsThatOfSigV4() {
    var ours =
        new QueryStringPresigner(
            null, false, "eu-west-1", StaticCredentialsProvider.create(BASIC), Clock.systemUTC());
    assertThat(ours.getObject("b-b", "k", Duration.ofDays(7))).contains("X-Amz-Expires=604800&");
    // longer is cut to SigV4's longest (S3 would refuse the URL)
    assertThat(ours.getObject("b-b", "k", Duration.ofDays(7).plusSeconds(1)))
        .contains("X-Amz-Expires=604800&");
    assertThatThrownBy(() -> ours.getObject("b-b", "k", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static final class RotatingCredentials
      implements software.amazon.awssdk.auth.credentials.AwsCredentialsProvider {
    volatile AwsCredentials current = BASIC;

    @Override
    public AwsCredentials resolveCredentials() {
      return current;
    }
  }
}
