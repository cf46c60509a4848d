package dev.frameflow.contracts.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who gets the next slot, as a person would expect of a shared service. */
class FairShareTest {

  static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

  @Test
  void aFreeSlotGoesToTheOwnerWithFewestRunningPodsNotToTheOldestVideo() {
    List<WaitingVideo> waiting = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      waiting.add(video("a-" + i, "ada", i, 1));
    }
    waiting.add(video("b-0", "bob", 100, 1)); // uploaded long after Ada's 36

    FairShare.Line line = new FairShare(4).line(Map.of("ada", 3), waiting);

    assertThat(line.admitted()).extracting(WaitingVideo::id).containsExactly("b-0");
    assertThat(line.decide("b-0")).isInstanceOf(SlotDecision.Admit.class);
    assertThat(line.decide("a-0"))
        .isEqualTo(
            new SlotDecision.Wait(
                "waiting: 3 of 4 pods in use, owner has 3 running, 1 video ahead",
                new QueuePosition(2, 1, 37, 1)));
  }

  @Test
  void tiesBetweenOwnersBreakByTheOldestWaitingVideoAndEachOwnersOwnGoOldestFirst() {
    FairShare.Line line =
        new FairShare(10)
            .line(
                Map.of(),
                List.of(
                    video("c-late", "cy", 9, 1),
                    video("b-old", "bob", 2, 1),
                    video("a-oldest", "ada", 1, 1),
                    video("a-second", "ada", 3, 1),
                    video("c-early", "cy", 4, 1)));

    // round one: one each, oldest owner first; round two: the same
    assertThat(line.order())
        .extracting(WaitingVideo::id)
        .containsExactly("a-oldest", "b-old", "c-early", "a-second", "c-late");
  }

  @Test
  void slicedVideosCountTheirPodsAndNobodyOvertakesOneThatDoesNotFit() {
    FairShare.Line line =
        new FairShare(4)
            .line(
                Map.of("ada", 2),
                List.of(video("b-sliced", "bob", 5, 3), video("c-small", "cy", 6, 1)));

    assertThat(line.order()).extracting(WaitingVideo::id).containsExactly("b-sliced", "c-small");
    assertThat(line.admitted())
        .as("3 pods needed, 2 free, and the small one waits behind")
        .isEmpty();
    assertThat(line.decide("b-sliced"))
        .isEqualTo(
            new SlotDecision.Wait(
                "waiting: 2 of 4 pods in use, owner has 0 running", new QueuePosition(1, 1, 2, 0)));
  }

  @Test
  void anOwnersSlicedVideoCountsForItsIndexesWhenTheNextSlotIsHandedOut() {
    FairShare.Line line =
        new FairShare(8)
            .line(
                Map.of("ada", 4, "bob", 1),
                List.of(video("a-next", "ada", 1, 1), video("b-next", "bob", 2, 1)));

    assertThat(line.order()).extracting(WaitingVideo::id).containsExactly("b-next", "a-next");
  }

  @Test
  void aWeightedOwnerMayRunThatManyTimesMore() {
    FairShare plans = new FairShare(10, FairShare.NO_CEILING, Map.of("pro", 2));

    FairShare.Line line =
        plans.line(
            Map.of("pro", 3, "free", 2),
            List.of(video("free-1", "free", 1, 1), video("pro-1", "pro", 2, 1)));

    // pro: 3 / 2 = 1.5 per weight, free: 2
    assertThat(line.order()).extracting(WaitingVideo::id).containsExactly("pro-1", "free-1");
  }

  @Test
  void anOwnerAtTheCeilingWaitsWhileOthersWaitAndRunsOnWhenNobodyElseDoes() {
    // ada's plan weighs 4: 2 running are a share of 0.5 against bob's 1 running
    FairShare ceiling = new FairShare(10, 2, Map.of("ada", 4));

    FairShare.Line contended =
        ceiling.line(
            Map.of("ada", 2, "bob", 1),
            List.of(video("a-1", "ada", 1, 1), video("b-1", "bob", 9, 1)));
    assertThat(contended.order())
        .as("ada's share is smaller, but she is at her ceiling")
        .extracting(WaitingVideo::id)
        .containsExactly("b-1", "a-1");
    assertThat(contended.decide("a-1")).isInstanceOf(SlotDecision.Admit.class);

    FairShare.Line alone = ceiling.line(Map.of("ada", 2), List.of(video("a-1", "ada", 1, 1)));
    assertThat(alone.admitted()).as("no slot idles for a ceiling").hasSize(1);
  }

  @Test
  void theCeilingSaysWhyAVideoWaits() {
    FairShare.Line line =
        new FairShare(3, 2, Map.of())
            .line(
                Map.of("ada", 2, "bob", 1),
                List.of(video("a-1", "ada", 1, 1), video("b-1", "bob", 2, 1)));

    assertThat(line.decide("a-1"))
        .isEqualTo(
            new SlotDecision.Wait(
                "waiting: 3 of 3 pods in use, owner has 2 running (ceiling 2 while others wait),"
                    + " 1 video ahead",
                new QueuePosition(2, 1, 2, 1)));
  }

  @Test
  void positionsCountAmongTheOwnersOwnAndInTheWholeQueueWithThePodsAhead() {
    FairShare.Line line =
        new FairShare(1)
            .line(
                Map.of("ada", 1),
                List.of(
                    video("a-1", "ada", 1, 1),
                    video("a-2", "ada", 2, 1),
                    video("b-1", "bob", 3, 2),
                    video("c-1", "cy", 4, 1)));

    assertThat(line.order())
        .extracting(WaitingVideo::id)
        .containsExactly("b-1", "c-1", "a-1", "a-2");
    assertThat(line.position("a-2")).contains(new QueuePosition(4, 2, 4, 4));
    assertThat(line.position("c-1")).contains(new QueuePosition(2, 1, 4, 2));
    assertThat(line.position("gone")).isEmpty();
  }

  @Test
  void whenEverybodyFitsEverybodyStarts() {
    FairShare.Line line =
        new FairShare(4)
            .line(Map.of(), List.of(video("a-1", "ada", 1, 1), video("a-2", "ada", 2, 2)));

    assertThat(line.admitted()).hasSize(2);
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new FairShare(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FairShare(2, -1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FairShare(2, 0, Map.of("ada", 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FairShare(2).line(Map.of(), List.of()).decide("x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static WaitingVideo video(String id, String owner, int secondsAfterT0, int pods) {
    return new WaitingVideo(id, owner, T0.plusSeconds(secondsAfterT0), pods);
  }
}
