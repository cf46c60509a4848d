package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.gateway.problem.ApiProblem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class UploadAdmissionTest {

  private static UploadProperties properties(int maxConcurrent, int perUser) {
    return new UploadProperties(
        DataSize.ofGigabytes(2),
        10,
        DataSize.ofMegabytes(8),
        maxConcurrent,
        0.5,
        Duration.ZERO,
        perUser,
        200,
        DataSize.ofGigabytes(50),
        DataSize.ofKilobytes(16),
        Duration.ofSeconds(15),
        DataSize.ofKilobytes(64),
        Duration.ofHours(24));
  }

  @Test
  void slotsAreWhatHalfTheHeapHoldsAtThreePartsEach() {
    // 256 MiB heap, 8 MiB parts: 128 MiB / (24 MiB + 64 KiB) = 5
    assertThat(UploadAdmission.derivedSlots(256L << 20, properties(0, 4))).isEqualTo(5);
    assertThat(UploadAdmission.derivedSlots(4L << 30, properties(0, 4))).isEqualTo(85);
    // never zero, however small the heap
    assertThat(UploadAdmission.derivedSlots(16L << 20, properties(0, 4))).isEqualTo(1);
  }

  @Test
  void pastTheSlotsA503PastTheUsersShareA429AndClosingASlotFreesIt() {
    UploadAdmission admission = new UploadAdmission(properties(2, 1), new SimpleMeterRegistry());
    UUID ada = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    UploadAdmission.Slot adas = admission.admit(ada);
    assertThatThrownBy(() -> admission.admit(ada))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status().value()).isEqualTo(429);
              assertThat(p.retryAfter()).isPositive();
            });
    UploadAdmission.Slot bobs = admission.admit(bob);
    assertThatThrownBy(() -> admission.admit(UUID.randomUUID()))
        .isInstanceOfSatisfying(
            ApiProblem.class, p -> assertThat(p.status().value()).isEqualTo(503));
    adas.close();
    adas.close(); // closing twice frees one slot only
    admission.admit(ada).close();
    bobs.close();
    assertThat(admission.slots()).isEqualTo(2);
  }
}
