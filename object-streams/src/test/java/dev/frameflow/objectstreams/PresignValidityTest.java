package dev.frameflow.objectstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A presigned URL never outlives the credentials that signed it: with temporary credentials (STS,
 * IRSA) its {@code X-Amz-Expires} ends before they do, by a small margin; never past SigV4's 7
 * days.
 */
class PresignValidityTest {

  static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  static final Pattern EXPIRES = Pattern.compile("[?&]X-Amz-Expires=(\\d+)(?:&|$)");

  /** Session credentials that expire {@code left} after {@link #NOW}, as STS hands them out. */
  static AwsCredentials expiringIn(Duration left) {
    return AwsSessionCredentials.builder()
        .accessKeyId("ASIAEXPIRING")
        .secretAccessKey("secret")
        .sessionToken("token")
        .expirationTime(NOW.plus(left))
        .build();
  }

  /** A provider that hands out whatever {@link #current} is, as a renewing chain does. */
  static final class FakeProvider implements AwsCredentialsProvider {
    volatile AwsCredentials current;

    FakeProvider(AwsCredentials current) {
      this.current = current;
    }

    @Override
    public AwsCredentials resolveCredentials() {
      return current;
    }
  }

  static QueryStringPresigner presigner(AwsCredentialsProvider credentials) {
    return new QueryStringPresigner(
        URI.create("http://127.0.0.1:34567"),
        true,
        "us-east-1",
        credentials,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static long expiresSeconds(String url) {
    Matcher m = EXPIRES.matcher(url);
    assertThat(m.find()).as(url).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void staticKeysSignForWhatIsAskedUpToSevenDays() {
    AwsCredentials basic = AwsBasicCredentials.create("AKID", "secret");
    assertThat(QueryStringPresigner.validity(Duration.ofHours(2), basic, NOW))
        .isEqualTo(Duration.ofHours(2));
    assertThat(QueryStringPresigner.validity(Duration.ofDays(30), basic, NOW))
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void sessionCredentialsCutTheValidityToTheirExpirationLessAMargin() {
    // an hour of IRSA session left, a Job's deadline of 2 h asked: 1 h less 30 s
    assertThat(
            QueryStringPresigner.validity(
                Duration.ofHours(2), expiringIn(Duration.ofHours(1)), NOW))
        .isEqualTo(Duration.ofHours(1).minusSeconds(30));
    // a short remainder keeps a tenth of itself as the margin
    assertThat(
            QueryStringPresigner.validity(
                Duration.ofHours(2), expiringIn(Duration.ofSeconds(100)), NOW))
        .isEqualTo(Duration.ofSeconds(90));
    // shorter than what is left: as asked
    assertThat(
            QueryStringPresigner.validity(
                Duration.ofMinutes(10), expiringIn(Duration.ofHours(1)), NOW))
        .isEqualTo(Duration.ofMinutes(10));
    // whole seconds, as X-Amz-Expires counts them
    assertThat(
            QueryStringPresigner.validity(
                Duration.ofHours(2), expiringIn(Duration.ofMillis(25_555)), NOW))
        .isEqualTo(Duration.ofSeconds(22));
  }

  @Test
  void credentialsAboutToExpireSignNothing() {
    assertThatThrownBy(
            () ->
                QueryStringPresigner.validity(
                    Duration.ofHours(1), expiringIn(Duration.ofMillis(900)), NOW))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                QueryStringPresigner.validity(
                    Duration.ofHours(1), expiringIn(Duration.ofSeconds(-5)), NOW))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                QueryStringPresigner.validity(
                    Duration.ZERO, AwsBasicCredentials.create("AKID", "secret"), NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyUrlOfTheExpiringProviderEndsWithItsCredentials() {
    var provider = new FakeProvider(expiringIn(Duration.ofMinutes(15)));
    QueryStringPresigner presigner = presigner(provider);
    Duration asked = Duration.ofHours(3);
    long cut = Duration.ofMinutes(15).minusSeconds(30).toSeconds();

    assertThat(expiresSeconds(presigner.getObject("b", "k", asked))).isEqualTo(cut);
    assertThat(expiresSeconds(presigner.putObject("b", "k", asked))).isEqualTo(cut);
    assertThat(expiresSeconds(presigner.uploadPart("b", "k", "u", 1, asked))).isEqualTo(cut);
    assertThat(presigner.uploadParts("b", "k", "u", 3, asked))
        .allSatisfy(url -> assertThat(expiresSeconds(url)).isEqualTo(cut));
    assertThat(expiresSeconds(presigner.completeMultipartUpload("b", "k", "u", asked)))
        .isEqualTo(cut);
    assertThat(expiresSeconds(presigner.abortMultipartUpload("b", "k", "u", asked))).isEqualTo(cut);
    List<String> viaUploadPresigner =
        MultipartUploadPresigner.presign(presigner, "b", "k", "u", 2, asked).parts();
    assertThat(viaUploadPresigner)
        .allSatisfy(url -> assertThat(expiresSeconds(url)).isEqualTo(cut));

    // the chain renewed its session: the next URLs last as long as the new one
    provider.current = expiringIn(Duration.ofHours(1));
    assertThat(expiresSeconds(presigner.getObject("b", "k", asked)))
        .isEqualTo(Duration.ofHours(1).minusSeconds(30).toSeconds());
  }

  @Test
  void aBatchSaysWhenItsUrlsEnd() {
    QueryStringPresigner presigner =
        presigner(new FakeProvider(expiringIn(Duration.ofMinutes(20))));
    QueryStringPresigner.Batch batch = presigner.batch(Duration.ofHours(2));
    assertThat(batch.validity()).isEqualTo(Duration.ofMinutes(20).minusSeconds(30));
    assertThat(batch.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(20)).minusSeconds(30));
    assertThat(expiresSeconds(batch.getObject("b", "k"))).isEqualTo(batch.validity().toSeconds());

    QueryStringPresigner unlimited =
        presigner(new FakeProvider(AwsBasicCredentials.create("AKID", "secret")));
    assertThat(unlimited.batch(Duration.ofHours(2)).expiresAt())
        .isEqualTo(NOW.plus(Duration.ofHours(2)));
  }
}
