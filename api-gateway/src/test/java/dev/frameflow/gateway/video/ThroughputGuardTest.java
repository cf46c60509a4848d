package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThroughputGuardTest {

  /** Hands out a few bytes per read, sleeping before each: a trickling client. */
  private static InputStream trickle(int bytesPerRead, long millisPerRead) {
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        try {
          Thread.sleep(millisPerRead);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Math.min(len, bytesPerRead);
      }
    };
  }

  @Test
  void aTrickleBelowTheMinimumIsCutOnceTheWindowIsFull() {
    InputStream guarded = new ThroughputGuard(trickle(10, 20), 1024, Duration.ofMillis(200));
    byte[] buffer = new byte[100];
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100; i++) {
                guarded.read(buffer, 0, buffer.length);
              }
            })
        .isInstanceOf(ThroughputGuard.TooSlowException.class)
        .hasMessageContaining("below the minimum");
  }

  @Test
  void aFastBodyAndTimeSpentNotReadingAreFine() throws Exception {
    byte[] data = new byte[1 << 20];
    InputStream guarded =
        new ThroughputGuard(new ByteArrayInputStream(data), 1024, Duration.ofMillis(50));
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n = guarded.read(buffer, 0, buffer.length); n >= 0; n = guarded.read(buffer)) {
      total += n;
      Thread.sleep(1); // the service busy elsewhere (sending to S3): not the client's time
    }
    assertThat(total).isEqualTo(data.length);
  }
}
