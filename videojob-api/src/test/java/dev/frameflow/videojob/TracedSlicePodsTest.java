package dev.frameflow.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code status.tracedSlicePods} stays within what the CRD lets the API server store: pod uids
 * only, each once, at most {@link VideoJobStatus#MAX_TRACED_SLICE_PODS} of them (a patch past
 * {@code maxProperties} would be refused, and with it the rest of the pass's status; the CRD's
 * bound is checked in {@link CommittedCrdTest}).
 */
class TracedSlicePodsTest {

  @Test
  void aPodIsListedOnceWithItsIndex() {
    VideoJobStatus status = new VideoJobStatus();
    String pod = UUID.randomUUID().toString();

    status.addTracedSlicePod(pod, 2);
    status.addTracedSlicePod(pod, 5);

    assertThat(status.listsTracedSlicePod(pod)).isTrue();
    assertThat(status.getTracedSlicePods()).containsExactly(java.util.Map.entry(pod, 2));
  }

  @Test
  void noStatusFieldUntilAPodIsTraced() {
    VideoJobStatus status = new VideoJobStatus();

    status.addTracedSlicePod(null, 0);
    status.addTracedSlicePod("", 0);
    status.addTracedSlicePod("x".repeat(VideoJobStatus.MAX_POD_UID_CHARS + 1), 0);

    assertThat(status.getTracedSlicePods()).as("absent from the status JSON").isNull();
    assertThat(status.listsTracedSlicePod(null)).isFalse();
  }

  @Test
  void aFullListTakesNoMorePods() {
    VideoJobStatus status = new VideoJobStatus();
    for (int i = 0; i < VideoJobStatus.MAX_TRACED_SLICE_PODS; i++) {
      status.addTracedSlicePod(UUID.randomUUID().toString(), i % 64);
    }
    String late = UUID.randomUUID().toString();

    status.addTracedSlicePod(late, 0);

    assertThat(status.getTracedSlicePods()).hasSize(VideoJobStatus.MAX_TRACED_SLICE_PODS);
    assertThat(status.listsTracedSlicePod(late)).isFalse();
  }
}
