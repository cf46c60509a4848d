package dev.frameflow.operator.config;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.topology.DeadLetterQueueDepth;
import dev.frameflow.contracts.topology.Topology;
import dev.frameflow.objectstreams.QueryStringPresigner;
import dev.frameflow.objectstreams.S3Settings;
import dev.frameflow.objectstreams.ServiceCredentials;
import dev.frameflow.operator.bridge.BridgeListeners;
import dev.frameflow.operator.bridge.CancelTombstones;
import dev.frameflow.operator.bridge.MessagingProperties;
import dev.frameflow.operator.bridge.MessagingTopology;
import dev.frameflow.operator.bridge.VideoJobBridge;
import dev.frameflow.operator.job.ExtractionJobBuilder;
import dev.frameflow.operator.job.ExtractionJobLauncher;
import dev.frameflow.operator.job.JobAccess;
import dev.frameflow.operator.job.OperatorProperties;
import dev.frameflow.operator.job.PresignProperties;
import dev.frameflow.operator.outcome.OutcomeSender;
import dev.frameflow.operator.outcome.RabbitStatusPublisher;
import dev.frameflow.operator.outcome.StatusPublisher;
import dev.frameflow.operator.podapi.AccessEndpoint;
import dev.frameflow.operator.podapi.PodAccessDecisions;
import dev.frameflow.operator.podapi.PodTokenReview;
import dev.frameflow.operator.podapi.ProgressBoard;
import dev.frameflow.operator.podapi.ProgressEndpoint;
import dev.frameflow.operator.reconciler.KubernetesEvents;
import dev.frameflow.operator.reconciler.LeaseProperties;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.reconciler.VideoJobReconciler;
import dev.frameflow.operator.slicing.SliceAssembly;
import dev.frameflow.operator.tracing.JobTracing;
import dev.frameflow.operator.tracing.VideoTraces;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the operator: Kubernetes client, reconciler, status publisher, and the bridge. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  OperatorProperties.class,
  AccessProperties.class,
  PresignProperties.class,
  MessagingProperties.class,
  ProgressProperties.class,
  RetentionProperties.class,
  SlicingProperties.class,
  QueueProperties.class,
  KueueProperties.class,
  LeaseProperties.class
})
public class OperatorConfiguration {

  /** In a pod: the service account; elsewhere: kubeconfig or {@code kubernetes.*} properties. */
  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  /**
   * {@code frameflow.s3.*}, read as the api-gateway reads it: the S3 the operator presigns each
   * Job's URLs against, with its own credentials (static keys for kind's MinIO, else IRSA); Jobs
   * get no credentials, only their presigned URLs.
   */
  @Bean
  S3Settings s3Settings(Environment environment) {
    return Binder.get(environment).bindOrCreate("frameflow.s3", S3Settings.class);
  }

  /** One provider for the S3 client and the presigner: one STS session on EKS (IRSA). */
  @Bean
  AwsCredentialsProvider awsCredentials(S3Settings s3) {
    AwsCredentialsProvider credentials = s3.credentials();
    org.slf4j.LoggerFactory.getLogger(OperatorConfiguration.class)
        .info(ServiceCredentials.describeAtStart(credentials));
    return credentials;
  }

  @Bean(destroyMethod = "close")
  S3Client s3Client(S3Settings s3, AwsCredentialsProvider awsCredentials) {
    return s3.client(awsCredentials);
  }

  /**
   * Signs each Job's URLs with the operator's own credentials (default AWS chain: IRSA on EKS),
   * with the URLs the AWS SDK's presigner would make but one HMAC each.
   */
  @Bean
  QueryStringPresigner queryStringPresigner(S3Settings s3, AwsCredentialsProvider awsCredentials) {
    return s3.queryStringPresigner(awsCredentials);
  }

  @Bean
  ExtractionJobLauncher extractionJobLauncher(
      OperatorProperties operator,
      S3Settings s3Properties,
      S3Client s3,
      QueryStringPresigner presigner,
      PresignProperties presign,
      AccessProperties access,
      ProgressProperties progress,
      ProgressEndpoint endpoint,
      JobTracing jobTracing) {
    return new ExtractionJobLauncher(
        new ExtractionJobBuilder(operator, plainHttpHost(s3Properties), access.audience())
            .withOperatorEndpoint(progress.baseUrl(endpoint.port())),
        new JobAccess(s3, presigner, presign),
        jobTracing);
  }

  /**
   * The spans of the bridge and the reconciler, with the OpenTelemetry SDK Spring Boot's starter
   * configures (sampling, OTLP export when {@code
   * management.opentelemetry.tracing.export.otlp.endpoint} is set); none without it.
   */
  @Bean
  VideoTraces videoTraces(ObjectProvider<OpenTelemetry> openTelemetry) {
    return new VideoTraces(openTelemetry.getIfAvailable(OpenTelemetry::noop));
  }

  /**
   * {@code frameflow.operator.tracing.job-otlp-endpoint}: where the Jobs' pods export their spans
   * (OTLP/HTTP base URL); empty (the default): they only get the trace context.
   */
  @Bean
  JobTracing jobTracing(
      @org.springframework.beans.factory.annotation.Value(
              "${frameflow.operator.tracing.job-otlp-endpoint:}")
          String endpoint) {
    return new JobTracing(endpoint);
  }

  /**
   * Where pods get their URLs: their projected token checked by a TokenReview, their grant decided
   * from the reconciler's caches; a route of the pod-facing endpoint.
   */
  @Bean
  AccessEndpoint accessEndpoint(
      KubernetesClient client,
      AccessProperties access,
      OperatorProperties operator,
      ExtractionJobLauncher jobs,
      ProgressEndpoint endpoint,
      MeterRegistry meters) {
    String namespace =
        operator.namespace() != null && !operator.namespace().isBlank()
            ? operator.namespace()
            : client.getNamespace();
    AccessEndpoint accessEndpoint =
        new AccessEndpoint(
            new PodTokenReview(client, access.audience(), access.refusedTokenTtl()),
            new PodAccessDecisions(jobs.access(), namespace, operator.jobServiceAccount()),
            meters);
    endpoint.route(AccessGrant.PATH, accessEndpoint);
    return accessEndpoint;
  }

  /** The store's host when the operator reaches it without TLS (kind's MinIO), else null. */
  public static String plainHttpHost(S3Settings s3) {
    URI endpoint = s3.endpointUri();
    if (endpoint == null) {
      return null;
    }
    return "http".equalsIgnoreCase(endpoint.getScheme()) ? endpoint.getHost() : null;
  }

  @Bean
  Declarables frameflowTopology(MessagingProperties messaging) {
    return new Declarables(MessagingTopology.declarables(messaging));
  }

  /** The depth of the dead-letter queues of what the operator consumes (uploaded, cancelled). */
  @Bean(destroyMethod = "close")
  DeadLetterQueueDepth deadLetterQueueDepth(
      ConnectionFactory connections,
      MessagingProperties messaging,
      MeterRegistry meters,
      @org.springframework.beans.factory.annotation.Value(
              "${frameflow.operator.messaging.dead-letter-poll-interval:30s}")
          java.time.Duration interval) {
    return new DeadLetterQueueDepth(
            connections,
            java.util.List.of(
                Topology.deadLetterQueue(messaging.uploadedQueue()),
                Topology.deadLetterQueue(messaging.cancelledQueue())),
            meters)
        .start(interval);
  }

  /**
   * Publishes on the connection factory's separate publisher connection: when the broker blocks
   * publishers (a memory or disk alarm), the bridge's consumers keep acking on theirs.
   */
  @Bean
  StatusPublisher statusPublisher(ConnectionFactory connections, MessagingProperties messaging) {
    RabbitTemplate rabbit = new RabbitTemplate(connections);
    rabbit.setUsePublisherConnection(true);
    return new RabbitStatusPublisher(rabbit, messaging.exchange(), messaging.confirmTimeout());
  }

  /** Closed after the operator has stopped (Spring destroys its dependents first). */
  @Bean(destroyMethod = "close")
  OutcomeSender outcomeSender(StatusPublisher publisher, OperatorProperties operator) {
    return new OutcomeSender(
        publisher, operator.retry().initialInterval(), operator.retry().maxInterval());
  }

  /** The pod-facing endpoint (progress, access); closed after the operator has stopped. */
  @Bean(destroyMethod = "close")
  ProgressEndpoint progressEndpoint(ProgressProperties progress) throws IOException {
    return ProgressEndpoint.start(
        progress.port(), new ProgressBoard(), Clock.systemUTC(), progress.limits());
  }

  /** Writes the reconciler's Kubernetes Events, paced; closed after the operator has stopped. */
  @Bean(destroyMethod = "close")
  KubernetesEvents kubernetesEvents(KubernetesClient client, OperatorProperties operator) {
    return new KubernetesEvents(
        client, instanceName(), operator.eventsPerSecond(), operator.eventBurst());
  }

  @Bean
  VideoJobReconciler videoJobReconciler(
      ExtractionJobLauncher jobs,
      OutcomeSender sender,
      KubernetesEvents events,
      ProgressEndpoint progressEndpoint,
      AccessEndpoint access,
      S3Client s3,
      OperatorProperties operator,
      RetentionProperties retention,
      SlicingProperties slicing,
      QueueProperties queue,
      KueueProperties kueue,
      MeterRegistry meters,
      VideoTraces traces) {
    return new VideoJobReconciler(
        jobs,
        sender,
        events,
        progressEndpoint,
        access,
        new SliceAssembly(s3, slicing.limits()),
        new VideoJobReconciler.Settings(
            retention.finishedTtl(),
            slicing.policy(),
            slicing.assemblyDeadline(),
            queue.fairShare(operator.maxConcurrentJobs()),
            queue.heartbeat(),
            kueue.admission()),
        meters,
        traces);
  }

  @Bean
  VideoJobOperator videoJobOperator(
      KubernetesClient client,
      OperatorProperties operator,
      LeaseProperties lease,
      VideoJobReconciler reconciler,
      MeterRegistry meters) {
    // per-resource metrics would make one time series per VideoJob: keep per-controller only
    return new VideoJobOperator(
        client, operator, lease, reconciler, MicrometerMetrics.withoutPerResourceMetrics(meters));
  }

  @Bean
  OperatorLifecycle operatorLifecycle(VideoJobOperator operator) {
    return new OperatorLifecycle(operator);
  }

  @Bean
  VideoJobBridge videoJobBridge(
      KubernetesClient client,
      VideoJobOperator operator,
      MessagingProperties messaging,
      StatusPublisher publisher,
      RetentionProperties retention,
      VideoTraces traces) {
    return new VideoJobBridge(
        client,
        operator.namespace(),
        messaging,
        publisher,
        new CancelTombstones(
            client,
            operator.namespace(),
            retention.cancelTombstoneTtl(),
            retention.cancelTombstonesPerShard(),
            CancelTombstones.SWEEP_PAGE,
            Clock.systemUTC()),
        traces);
  }

  @Bean
  SimpleMessageListenerContainer videoUploadedListener(
      ConnectionFactory connections, MessagingProperties messaging, VideoJobBridge bridge) {
    return BridgeListeners.uploaded(connections, messaging, bridge);
  }

  @Bean
  SimpleMessageListenerContainer videoCancelledListener(
      ConnectionFactory connections, MessagingProperties messaging, VideoJobBridge bridge) {
    return BridgeListeners.cancelled(connections, messaging, bridge);
  }

  static String instanceName() {
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "frameflow-operator";
    }
  }
}
