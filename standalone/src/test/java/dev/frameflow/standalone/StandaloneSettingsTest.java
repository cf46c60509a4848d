package dev.frameflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneSettingsTest {

  @Test
  void onABareMachineEverythingIsEmbeddedUnderDotFrameflow() {
    var settings = StandaloneRuntime.Settings.fromEnvironment(Map.of());

    assertThat(settings.dataDir()).isEqualTo(Path.of(".frameflow"));
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.externalDatabase()).isFalse();
    assertThat(settings.externalObjectStore()).isFalse();
    assertThat(settings.smtpConfigured()).isFalse();
  }

  @Test
  void aDatabaseObjectStoreOrSmtpServerGivenFromOutsideReplacesTheEmbeddedOne() {
    var settings =
        StandaloneRuntime.Settings.fromEnvironment(
            Map.of(
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://postgresql:5432/frameflow",
                "FRAMEFLOW_S3_ENDPOINT", "http://minio:9000",
                "SPRING_MAIL_HOST", "mailpit",
                "SERVER_PORT", "9090",
                "FRAMEFLOW_STANDALONE_DATA_DIR", "/data"));

    assertThat(settings.externalDatabase()).isTrue();
    assertThat(settings.externalObjectStore()).isTrue();
    assertThat(settings.smtpConfigured()).isTrue();
    assertThat(settings.httpPort()).isEqualTo(9090);
    assertThat(settings.dataDir()).isEqualTo(Path.of("/data"));
  }
}
