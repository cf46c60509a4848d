package dev.frameflow.extractor.frameserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.frames.FrameRefusal;
import dev.frameflow.contracts.frames.FrameRefusedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RenderSlotsTest {

  private final RenderSlots slots = new RenderSlots(2, 1, Duration.ZERO, 3);

  @Test
  void anOwnerOverItsShareIsRefusedAsOwnerBusy() throws Exception {
    try (RenderSlots.Held first = slots.acquire("alice")) {
      assertThatThrownBy(() -> slots.acquire("alice"))
          .isInstanceOfSatisfying(
              FrameRefusedException.class,
              e -> {
                assertThat(e.refusal()).isEqualTo(FrameRefusal.OWNER_BUSY);
                assertThat(e.retryAfterSeconds()).isEqualTo(3);
              });
    }
    slots.acquire("alice").close();
  }

  @Test
  void aFullReplicaIsRefusedAsOverloadedAndGivesTheOwnersSlotBack() throws Exception {
    RenderSlots.Held alice = slots.acquire("alice");
    RenderSlots.Held bob = slots.acquire("bob");
    assertThatThrownBy(() -> slots.acquire("carol"))
        .isInstanceOfSatisfying(
            FrameRefusedException.class,
            e -> assertThat(e.refusal()).isEqualTo(FrameRefusal.OVERLOADED));
    alice.close();
    // carol's own slot was given back with the refusal: she gets one now
    slots.acquire("carol").close();
    bob.close();
    assertThat(slots.owners()).isZero();
  }
}
