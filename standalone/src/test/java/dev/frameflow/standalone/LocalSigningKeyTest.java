package dev.frameflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSigningKeyTest {

  @TempDir Path dataDir;

  @Test
  void theKeyIsMadeOnceReadableOnlyByItsOwnerAndKept() throws Exception {
    Path key = LocalSigningKey.ensure(dataDir);
    String pem = Files.readString(key);

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----").contains("-----END PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(LocalSigningKey.ensure(dataDir)).isEqualTo(key);
    assertThat(Files.readString(key)).isEqualTo(pem);
  }
}
