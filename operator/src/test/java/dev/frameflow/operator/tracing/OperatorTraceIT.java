package dev.frameflow.operator.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.operator.bridge.BridgeListeners;
import dev.frameflow.operator.bridge.CancelTombstones;
import dev.frameflow.operator.bridge.VideoJobBridge;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestBroker;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.OtlpReceiver;
import dev.frameflow.testing.OtlpReceiver.ReceivedSpan;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.videojob.MetadataKeys;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * One video, one trace, on the operator's side: {@code video.uploaded} arrives with the gateway's
 * {@code traceparent}; the bridge's span continues it and is kept on the VideoJob; the reconcile
 * spans are its children; the Job's pod gets the launching span as {@code TRACEPARENT} and the real
 * extractor (run by the test kubelet) exports its spans over OTLP/HTTP under it; the {@code
 * video.status} outcome carries the trace in its headers. The operator's spans go to an in-memory
 * exporter; the pod's to a receiver on a real socket.
 */
class OperatorTraceIT {

  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String GATEWAY_SPAN = "b7ad6b7169203331";

  @TempDir Path temp;

  @Test
  void anUploadIsOneTraceFromTheBridgeThroughThePodToTheOutcome() throws Exception {
    try (ExportedSpans exported = new ExportedSpans();
        MockKubernetes kubernetes = MockKubernetes.start();
        InProcessS3 s3 = InProcessS3.start(temp.resolve("s3"));
        TestBroker broker = TestBroker.connect();
        OtlpReceiver collector = OtlpReceiver.start();
        TestKubelet kubelet =
            TestKubelet.forS3(kubernetes.client(), s3, temp.resolve("kubelet")).start()) {
      KubernetesClient client = kubernetes.client();
      VideoJobOperator operator =
          OperatorFixture.startTraced(
              client,
              4,
              OperatorFixture.s3(s3),
              broker.statusPublisher(),
              exported.traces(),
              new JobTracing(collector.endpoint().toString()));
      List<SimpleMessageListenerContainer> bridge =
          BridgeListeners.containers(
              broker.connections(),
              broker.names(),
              new VideoJobBridge(
                  OperatorFixture.asOperator(client),
                  kubernetes.namespace(),
                  broker.names(),
                  broker.statusPublisher(),
                  new CancelTombstones(
                      OperatorFixture.asOperator(client),
                      kubernetes.namespace(),
                      null,
                      Clock.systemUTC()),
                  exported.traces()));
      bridge.forEach(SimpleMessageListenerContainer::start);
      try {
        UUID videoId = UUID.randomUUID();
        s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 2));

        broker.publish(
            "video.uploaded",
            VideoJobFixtures.uploadedMessage(videoId),
            Map.of("traceparent", "00-" + TRACE_ID + "-" + GATEWAY_SPAN + "-01"));

        String name = VideoJobNames.videoJob(videoId);
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> {
                  VideoJob v = client.resources(VideoJob.class).withName(name).get();
                  return v != null
                      && v.getStatus() != null
                      && v.getStatus().getPhase() == Phase.Succeeded
                      && v.getStatus().getPublishedEventId() != null;
                });
        VideoJob done = client.resources(VideoJob.class).withName(name).get();
        Job job = client.batch().v1().jobs().withName(VideoJobNames.job(videoId)).get();
        List<Message> statuses = drainStatuses(broker);

        List<SpanData> spans =
            exported.finished().stream().filter(s -> s.getTraceId().equals(TRACE_ID)).toList();
        SpanData bridged = named(spans, "bridge video.uploaded");
        assertThat(bridged.getParentSpanId()).as("the gateway's span").isEqualTo(GATEWAY_SPAN);
        assertThat(done.getMetadata().getAnnotations())
            .containsEntry(
                MetadataKeys.TRACEPARENT, "00-" + TRACE_ID + "-" + bridged.getSpanId() + "-01");

        List<SpanData> reconciles =
            spans.stream().filter(s -> s.getName().startsWith("reconcile: ")).toList();
        assertThat(reconciles)
            .isNotEmpty()
            .allSatisfy(
                r -> {
                  assertThat(r.getParentSpanId()).isEqualTo(bridged.getSpanId());
                  assertThat(r.getAttributes().asMap().toString()).contains("video.id=" + videoId);
                  // after the bridge began; not after it ended: the VideoJob it creates is
                  // reconciled at once, while the bridge still acknowledges its message
                  assertThat(r.getStartEpochNanos())
                      .isGreaterThanOrEqualTo(bridged.getStartEpochNanos());
                });
        SpanData launch = named(spans, "reconcile: launch");
        assertThat(env(job, "TRACEPARENT"))
            .as("the pod's parent: the pass that created its Job")
            .isEqualTo("00-" + TRACE_ID + "-" + launch.getSpanId() + "-01");
        assertThat(env(job, "FRAMEFLOW_VIDEO_ID")).isEqualTo(videoId.toString());

        List<ReceivedSpan> pod = collector.trace(TRACE_ID);
        ReceivedSpan run =
            pod.stream()
                .filter(s -> s.name().equals("extractor extract"))
                .findFirst()
                .orElseThrow();
        assertThat(run.parentSpanId()).isEqualTo(launch.getSpanId());
        assertThat(run.attributes()).containsEntry("video.id", videoId.toString());
        assertThat(run.startNanos()).isGreaterThanOrEqualTo(launch.getStartEpochNanos());
        assertThat(pod.stream().filter(s -> run.spanId().equals(s.parentSpanId())))
            .extracting(ReceivedSpan::name)
            .contains("open", "index", "decode", "zip", "upload");

        Message outcome =
            statuses.stream()
                .filter(m -> new String(m.getBody()).contains("\"SUCCEEDED\""))
                .findFirst()
                .orElseThrow();
        String traceparent =
            (String) outcome.getMessageProperties().getHeaders().get("traceparent");
        assertThat(traceparent).startsWith("00-" + TRACE_ID + "-");
        String publishing = traceparent.split("-")[2];
        SpanData finishing =
            reconciles.stream()
                .filter(r -> r.getSpanId().equals(publishing))
                .findFirst()
                .orElseThrow();
        assertThat(finishing.getStartEpochNanos())
            .as("the outcome's pass came after the pod's run ended")
            .isGreaterThanOrEqualTo(run.endNanos() - Duration.ofSeconds(1).toNanos());
      } finally {
        bridge.forEach(SimpleMessageListenerContainer::stop);
        operator.stop();
      }
    }
  }

  private static SpanData named(List<SpanData> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + names(spans)));
  }

  private static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).toList();
  }

  private static String env(Job job, String name) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  private static List<Message> drainStatuses(TestBroker broker) {
    List<Message> messages = new ArrayList<>();
    Message message;
    while ((message = broker.receiveStatus()) != null) {
      messages.add(message);
    }
    return messages;
  }
}
