package dev.frameflow.extractor.frameserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceOriginTest {

  private final SourceOrigin s3 = SourceOrigin.parse("https://S3.eu-west-1.amazonaws.com");

  @Test
  void admitsOnlyUrlsOfTheSameSchemeHostAndPort() {
    assertThat(s3.admits("https://s3.eu-west-1.amazonaws.com/bucket/key?X-Amz-Signature=a"))
        .isTrue();
    assertThat(s3.admits("https://s3.eu-west-1.amazonaws.com:443/bucket/key")).isTrue();
    assertThat(s3.admits("http://s3.eu-west-1.amazonaws.com/bucket/key")).isFalse();
    assertThat(s3.admits("https://s3.eu-west-1.amazonaws.com:8443/bucket/key")).isFalse();
    assertThat(s3.admits("https://s3.eu-west-1.amazonaws.com.evil.example/bucket/key")).isFalse();
    assertThat(s3.admits("https://user@s3.eu-west-1.amazonaws.com/bucket/key")).isFalse();
    assertThat(s3.admits("https://169.254.169.254/latest/meta-data/")).isFalse();
    assertThat(s3.admits("file:///etc/passwd")).isFalse();
    assertThat(s3.admits("not a url")).isFalse();
    assertThat(s3.admits(null)).isFalse();
    assertThat(s3.plainHttpHost()).isNull();
  }

  @Test
  void plainHttpOnlyForAnHttpOrigin() {
    SourceOrigin minio = SourceOrigin.parse("http://minio.frameflow.svc:9000/");
    assertThat(minio.admits("http://minio.frameflow.svc:9000/uploads/v")).isTrue();
    assertThat(minio.admits("http://minio.frameflow.svc/uploads/v")).isFalse();
    assertThat(minio.plainHttpHost()).isEqualTo("minio.frameflow.svc");
    assertThat(minio).hasToString("http://minio.frameflow.svc:9000");
  }

  @Test
  void refusesAnOriginThatIsMoreThanAnOrigin() {
    for (String bad :
        new String[] {
          "", "s3.amazonaws.com", "ftp://host", "https://host/bucket", "https://u@host"
        }) {
      assertThatThrownBy(() -> SourceOrigin.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
