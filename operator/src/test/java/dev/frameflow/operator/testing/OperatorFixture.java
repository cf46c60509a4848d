package dev.frameflow.operator.testing;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.objectstreams.QueryStringPresigner;
import dev.frameflow.objectstreams.S3Settings;
import dev.frameflow.operator.job.ExtractionJobBuilder;
import dev.frameflow.operator.job.ExtractionJobLauncher;
import dev.frameflow.operator.job.JobAccess;
import dev.frameflow.operator.job.OperatorProperties;
import dev.frameflow.operator.job.PresignProperties;
import dev.frameflow.operator.outcome.OutcomeSender;
import dev.frameflow.operator.outcome.StatusPublisher;
import dev.frameflow.operator.podapi.AccessEndpoint;
import dev.frameflow.operator.podapi.PodAccessDecisions;
import dev.frameflow.operator.podapi.PodEndpointLimits;
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
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.aws.TestIrsa;
import dev.frameflow.testing.aws.TestSts.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds and runs the operator exactly as production wires it, minus Spring. */
public final class OperatorFixture {

  public static final String TEST_IMAGE = "ghcr.io/frameflow/frame-extractor:test";

  private OperatorFixture() {}

  /** Test defaults: the mock server's namespace, leader election off, short retries. */
  public static OperatorProperties properties(int maxConcurrentJobs) {
    OperatorProperties defaults = OperatorProperties.defaults(TEST_IMAGE);
    return new OperatorProperties(
        MockKubernetes.NAMESPACE,
        TEST_IMAGE,
        maxConcurrentJobs,
        defaults.jobServiceAccount(),
        defaults.jobTtlSeconds(),
        defaults.defaultDeadlineSeconds(),
        defaults.defaultRetries(),
        defaults.workVolumeSizeLimit(),
        defaults.resources(),
        false,
        "frameflow-operator",
        Duration.ofMillis(200),
        2.0,
        Duration.ofSeconds(5),
        20,
        4,
        defaults.eventsPerSecond(),
        defaults.eventBurst());
  }

  static {
    // the operator's AWS identity, as IRSA gives it on EKS: its role, through STS, for minutes
    TestIrsa.asRole(Role.OPERATOR);
  }

  /**
   * The S3 settings of an operator for the in-process s3proxy: no keys, so the default chain gets
   * the operator role's credentials from STS, as on EKS.
   */
  public static S3Settings s3(InProcessS3 s3) {
    return new S3Settings("us-east-1", s3.endpoint().toString(), true, null, null);
  }

  /**
   * Jobs and their presigned URLs as production makes them, signed with the in-process S3's test
   * credentials (the operator's own, never the Job's).
   */
  public static ExtractionJobLauncher launcher(OperatorProperties properties, S3Settings s3) {
    return new ExtractionJobLauncher(
        new ExtractionJobBuilder(properties), jobAccess(s3, presign()));
  }

  /** The same, with pods told where the operator's endpoint is (they can run). */
  public static ExtractionJobLauncher launcher(
      OperatorProperties properties, S3Settings s3, String endpointUrl) {
    return new ExtractionJobLauncher(
        new ExtractionJobBuilder(properties).withOperatorEndpoint(endpointUrl),
        jobAccess(s3, presign()));
  }

  /** The port of the operator endpoint of each mock API server, kept across operator restarts. */
  private static final java.util.Map<String, Integer> ENDPOINT_PORTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The base URL of the operator endpoint for the operators of this API server: the same across
   * restarts, as a cluster's Service is, so that a pod of a Job created by one operator reaches the
   * next one.
   */
  public static String endpointUrl(KubernetesClient client) {
    Integer port = ENDPOINT_PORTS.get(client.getMasterUrl().toString());
    if (port == null) {
      throw new IllegalStateException("no operator was started against this API server yet");
    }
    return "http://127.0.0.1:" + port;
  }

  /**
   * A new endpoint on this API server's port (a free one the first time): the previous operator has
   * stopped, so its port is free again; when it still runs, a port of its own.
   */
  /**
   * The production limits of the pod-facing endpoint but those per caller, lifted: every pod of the
   * test kubelet calls from 127.0.0.1, where a cluster gives each its own address ({@code
   * PodServerLimitsTest} checks the per-caller limits, each caller on its own loopback address).
   */
  public static final PodEndpointLimits TEST_LIMITS =
      new PodEndpointLimits(
          PodEndpointLimits.DEFAULTS.requestTimeout(),
          PodEndpointLimits.DEFAULTS.maxHeaderBytes(),
          PodEndpointLimits.DEFAULTS.maxBodyBytes(),
          PodEndpointLimits.DEFAULTS.threads(),
          256,
          4096,
          4096,
          4096,
          1_000_000,
          1_000_000);

  private static ProgressEndpoint start(int port) throws IOException {
    return ProgressEndpoint.start(port, new ProgressBoard(), Clock.systemUTC(), TEST_LIMITS);
  }

  private static ProgressEndpoint endpointFor(KubernetesClient client) {
    String server = client.getMasterUrl().toString();
    Integer port = ENDPOINT_PORTS.get(server);
    try {
      if (port != null) {
        try {
          return start(port);
        } catch (java.net.BindException e) {
          // two operators at once: the second gets a port of its own
          return start(0);
        }
      }
      ProgressEndpoint endpoint = start(0);
      ENDPOINT_PORTS.put(server, endpoint.port());
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The production defaults, or the part size and count of {@code -Dbench.resultPartSize} (e.g.
   * {@code 64MB}) and {@code -Dbench.resultParts}.
   */
  static PresignProperties presign() {
    PresignProperties defaults = PresignProperties.defaults();
    String size = System.getProperty("bench.resultPartSize");
    String parts = System.getProperty("bench.resultParts");
    if (size == null && parts == null) {
      return defaults;
    }
    return new PresignProperties(
        size == null ? defaults.resultPartSize() : DataSize.parse(size),
        parts == null ? defaults.resultParts() : Integer.parseInt(parts),
        defaults.validityMargin());
  }

  /** Presigns with the operator role's credentials. */
  public static JobAccess jobAccess(S3Settings s3, PresignProperties presign) {
    var credentials = s3.credentials();
    URI endpoint = URI.create(s3.endpoint());
    S3Client client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .region(Region.of(s3.region()))
            .credentialsProvider(credentials)
            .build();
    var presigner = new QueryStringPresigner(endpoint, true, s3.region(), credentials);
    return new JobAccess(client, presigner, presign);
  }

  /** An S3 client with the operator role's credentials. */
  public static S3Client s3Client(S3Settings s3) {
    return S3Client.builder()
        .endpointOverride(URI.create(s3.endpoint()))
        .forcePathStyle(true)
        .region(Region.of(s3.region()))
        .credentialsProvider(s3.credentials())
        .build();
  }

  /**
   * A client of the same API server with the operator ServiceAccount's token, which the mock server
   * authorizes against the operator's rendered RBAC (the tests' own client plays an admin).
   */
  public static KubernetesClient asOperator(KubernetesClient client) {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(
            new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                .withOauthToken(MockKubernetes.operatorToken())
                .build())
        .build();
  }

  /** Where pods get their URLs, as production wires it (the mock server reviews their tokens). */
  public static AccessEndpoint accessEndpoint(
      KubernetesClient client,
      OperatorProperties properties,
      ExtractionJobLauncher launcher,
      MeterRegistry meters) {
    return new AccessEndpoint(
        new PodTokenReview(client, AccessGrant.DEFAULT_AUDIENCE),
        new PodAccessDecisions(
            launcher.access(), properties.namespace(), properties.jobServiceAccount()),
        meters);
  }

  public static VideoJobOperator start(
      KubernetesClient client,
      OperatorProperties properties,
      S3Settings s3,
      StatusPublisher publisher) {
    return start(client, properties, s3, publisher, new SimpleMeterRegistry());
  }

  /** Also with the registry its metrics go to (e.g. to read {@code frameflow.jobs.created}). */
  public static VideoJobOperator start(
      KubernetesClient client,
      OperatorProperties properties,
      S3Settings s3,
      StatusPublisher publisher,
      MeterRegistry meters) {
    return start(client, properties, s3, publisher, meters, Duration.ofHours(24));
  }

  /**
   * With a finished-VideoJob TTL; the progress endpoint listens on a free port of this machine,
   * where the test kubelet's pods (in this JVM) reach it.
   */
  public static VideoJobOperator start(
      KubernetesClient client,
      OperatorProperties properties,
      S3Settings s3,
      StatusPublisher publisher,
      MeterRegistry meters,
      Duration finishedTtl) {
    return start(
        client,
        properties,
        s3,
        publisher,
        meters,
        finishedTtl,
        dev.frameflow.operator.slicing.SlicingPolicy.SPEC_ONLY);
  }

  /** With the slicing policy production reads from {@code frameflow.operator.slicing.*}. */
  public static VideoJobOperator start(
      KubernetesClient client,
      OperatorProperties properties,
      S3Settings s3,
      StatusPublisher publisher,
      MeterRegistry meters,
      Duration finishedTtl,
      dev.frameflow.operator.slicing.SlicingPolicy slicing) {
    return start(client, properties, s3, publisher, meters, finishedTtl, slicing, null);
  }

  /** Also telling {@code activity} what the operator does; null for no such record. */
  public static VideoJobOperator start(
      KubernetesClient client,
      OperatorProperties properties,
      S3Settings s3,
      StatusPublisher publisher,
      MeterRegistry meters,
      Duration finishedTtl,
      dev.frameflow.operator.slicing.SlicingPolicy slicing,
      OperatorActivity activity) {
    return start(
        client,
        properties,
        s3,
        publisher,
        meters,
        new VideoJobReconciler.Settings(properties.maxConcurrentJobs(), finishedTtl, slicing),
        activity);
  }

  /** With all of the reconciler's settings (the fair share and the queue heartbeat among them). */
  public static VideoJobOperator start(
      KubernetesClient client,
      OperatorProperties properties,
      S3Settings s3,
      StatusPublisher publisher,
      MeterRegistry meters,
      VideoJobReconciler.Settings settings,
      OperatorActivity activity) {
    return start(
        client,
        properties,
        LeaseProperties.defaults(),
        s3,
        publisher,
        meters,
        settings,
        activity,
        null);
  }

  /**
   * With the Lease's timings and holder (leader election is on when {@code properties} say so), and
   * the URL its Jobs' pods reach the operator at (null: this operator's own endpoint; a cluster
   * gives them the Service, which reaches whichever replica is up).
   */
  public static VideoJobOperator start(
      KubernetesClient client,
      OperatorProperties properties,
      LeaseProperties lease,
      S3Settings s3,
      StatusPublisher publisher,
      MeterRegistry meters,
      VideoJobReconciler.Settings settings,
      OperatorActivity activity,
      String podEndpointUrl) {
    return start(
        client,
        properties,
        lease,
        s3,
        publisher,
        meters,
        settings,
        activity,
        podEndpointUrl,
        VideoTraces.none(),
        JobTracing.off());
  }

  /**
   * With {@code slots} Jobs at once, slicing as the spec asks, its spans going to {@code traces}
   * and its Jobs' pods told {@code jobTracing}; the rest as {@link #properties(int)} and the
   * defaults give it.
   */
  public static VideoJobOperator startTraced(
      KubernetesClient client,
      int slots,
      S3Settings s3,
      StatusPublisher publisher,
      VideoTraces traces,
      JobTracing jobTracing) {
    OperatorProperties properties = properties(slots);
    return start(
        client,
        properties,
        LeaseProperties.defaults(),
        s3,
        publisher,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
        new VideoJobReconciler.Settings(
            properties.maxConcurrentJobs(),
            java.time.Duration.ofHours(1),
            dev.frameflow.operator.slicing.SlicingPolicy.SPEC_ONLY),
        null,
        null,
        traces,
        jobTracing);
  }

  /** Also with its spans going to {@code traces}, and its Jobs' pods told {@code jobTracing}. */
  public static VideoJobOperator start(
      KubernetesClient client,
      OperatorProperties properties,
      LeaseProperties lease,
      S3Settings s3,
      StatusPublisher publisher,
      MeterRegistry meters,
      VideoJobReconciler.Settings settings,
      OperatorActivity activity,
      String podEndpointUrl,
      VideoTraces traces,
      JobTracing jobTracing) {
    ProgressEndpoint progress = endpointFor(client);
    // the operator talks to the API server as its ServiceAccount: only what its RBAC allows
    KubernetesClient operatorClient = asOperator(client);
    S3Client slicesClient = s3Client(s3);
    ExtractionJobLauncher launcher =
        new ExtractionJobLauncher(
            new ExtractionJobBuilder(properties)
                .withOperatorEndpoint(
                    podEndpointUrl != null
                        ? podEndpointUrl
                        : "http://127.0.0.1:" + progress.port()),
            jobAccess(s3, presign()),
            jobTracing);
    OutcomeSender sender =
        new OutcomeSender(publisher, Duration.ofMillis(500), Duration.ofSeconds(5));
    if (activity != null) {
      activity.outcomesFrom(sender);
    }
    KubernetesEvents events =
        new KubernetesEvents(
            operatorClient, "test-operator", properties.eventsPerSecond(), properties.eventBurst());
    AccessEndpoint access = accessEndpoint(operatorClient, properties, launcher, meters);
    progress.route(AccessGrant.PATH, access);
    VideoJobReconciler reconciler =
        new VideoJobReconciler(
            launcher,
            sender,
            events,
            progress,
            access,
            new SliceAssembly(slicesClient),
            settings,
            meters,
            traces);
    VideoJobOperator operator =
        new VideoJobOperator(operatorClient, properties, lease, reconciler, activity) {
          private boolean closed;

          /** Production exits; here only this operator ends, as its pod would. */
          @Override
          protected void leaseLost() {
            new Thread(this::stop, "stop-after-lost-lease").start();
          }

          /**
           * Then closes what Spring closes after the operator: the endpoint, senders and clients.
           */
          @Override
          public synchronized void stop() {
            super.stop();
            if (closed) {
              return;
            }
            closed = true;
            progress.close();
            sender.close();
            events.close();
            slicesClient.close();
            operatorClient.close();
          }
        };
    operator.start();
    return operator;
  }
}
