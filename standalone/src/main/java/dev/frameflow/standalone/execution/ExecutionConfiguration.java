package dev.frameflow.standalone.execution;

import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.FrameExtractor;
import dev.frameflow.extractor.Phases;
import dev.frameflow.gateway.status.VideoStatusService;
import dev.frameflow.gateway.tracing.VideoSpans;
import dev.frameflow.standalone.StandaloneProperties;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

/** The in-process executor that replaces RabbitMQ, the operator and Kubernetes Jobs. */
@Configuration(proxyBeanMethods = false)
public class ExecutionConfiguration {

  @Bean(destroyMethod = "close")
  InProcessExtractionDispatcher inProcessExtractionDispatcher(
      S3Client s3,
      VideoStatusService statuses,
      JsonMapper json,
      Clock clock,
      StandaloneProperties properties,
      VideoSpans spans,
      Tracer tracer)
      throws IOException {
    Files.createDirectories(properties.workDir());
    return new InProcessExtractionDispatcher(
        Executors.newFixedThreadPool(properties.effectiveWorkers(), workerThreads()),
        properties.effectiveWorkers(),
        // the extractor's phases (open, index, decode, zip, upload) as children of video.extract
        new FrameExtractor(s3, ExtractorLimits.defaults()).traced(new Phases(tracer)),
        new StatusServiceReporter(statuses, clock),
        json,
        properties.workDir(),
        properties.retries(),
        spans);
  }

  @Bean
  QueueHeartbeat queueHeartbeat(InProcessExtractionDispatcher dispatcher) {
    return new QueueHeartbeat(dispatcher);
  }

  @Bean
  UnfinishedVideoRecovery unfinishedVideoRecovery(
      JdbcClient jdbc, InProcessExtractionDispatcher dispatcher) {
    return new UnfinishedVideoRecovery(jdbc, dispatcher);
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "extraction-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
