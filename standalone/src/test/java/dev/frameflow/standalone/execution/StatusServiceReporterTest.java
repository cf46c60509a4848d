package dev.frameflow.standalone.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.gateway.status.VideoStatusService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class StatusServiceReporterTest {

  final VideoStatusService statuses = mock(VideoStatusService.class);
  final StatusServiceReporter reporter =
      new StatusServiceReporter(statuses, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  final UUID video = UUID.randomUUID();

  @Test
  void anOutcomeReportedTwiceCarriesTheSameEventIdSoItIsAppliedOnce() {
    ObjectRef zip = new ObjectRef("results", "videos/" + video + "/frames.zip");
    reporter.succeeded(video, 12, 3456, zip);
    reporter.succeeded(video, 12, 3456, zip);

    List<VideoStatusEvent> sent = sent();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).eventId()).isEqualTo(sent.get(1).eventId());
    assertThat(sent.get(0))
        .extracting(VideoStatusEvent::status, VideoStatusEvent::frames, VideoStatusEvent::output)
        .containsExactly(VideoStatusEvent.Status.SUCCEEDED, 12, zip);
  }

  @Test
  void successAndFailureOfOneVideoAreDifferentEvents() {
    reporter.succeeded(video, 1, 1, new ObjectRef("b", "k"));
    reporter.failed(video, "not a video");

    List<VideoStatusEvent> sent = sent();
    assertThat(sent.get(0).eventId()).isNotEqualTo(sent.get(1).eventId());
    assertThat(sent.get(1).reason()).isEqualTo("not a video");
  }

  @Test
  void progressIsReportedInStepsOfTenPercentNeverBackwards() {
    for (int percent : new int[] {0, 3, 9, 10, 15, 42, 41, 99, 100}) {
      reporter.processing(video, percent);
    }
    assertThat(sent()).extracting(VideoStatusEvent::progressPercent).containsExactly(0, 10, 40, 90);
  }

  private List<VideoStatusEvent> sent() {
    ArgumentCaptor<VideoStatusEvent> events = ArgumentCaptor.forClass(VideoStatusEvent.class);
    verify(statuses, atLeastOnce()).apply(events.capture());
    return events.getAllValues();
  }
}
