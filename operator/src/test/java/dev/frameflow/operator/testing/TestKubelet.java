package dev.frameflow.operator.testing;

import dev.frameflow.extractor.cli.ExtractorCli;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.videojob.MetadataKeys;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Kubernetes Job controller and kubelet against the mock API server, which has neither.
 * For every new Job it creates pods one at a time and runs the real extractor in-process with the
 * container's arguments and environment, then writes pod and Job status the way Kubernetes does:
 *
 * <ul>
 *   <li>a pod per attempt, labelled and owned by the Job, Pending → Running → terminated with the
 *       exit code and the result file as termination message (4096 bytes at most);
 *   <li>{@code podFailurePolicy} {@code FailJob} rules on exit codes fail the Job at once (reason
 *       {@code PodFailurePolicy}); otherwise failed pods count against {@code backoffLimit} (reason
 *       {@code BackoffLimitExceeded});
 *   <li>{@code activeDeadlineSeconds} from the Job's start: the running pod is killed and the Job
 *       fails with reason {@code DeadlineExceeded};
 *   <li>Job conditions {@code SuccessCriteriaMet}/{@code Complete} or {@code FailureTarget}/{@code
 *       Failed}, {@code startTime}, {@code completionTime}, {@code active}/{@code succeeded}/{@code
 *       failed} counts;
 *   <li>the garbage collector's part for pods: when a Job is deleted, its pods are deleted;
 *   <li>{@code spec.suspend}: a suspended Job gets no pod (condition {@code Suspended}, reason
 *       {@code JobSuspended}) until it is unsuspended (then {@code Suspended} False, {@code
 *       JobResumed}, and {@code startTime} now, as the Job controller resets it); a one-pod Job
 *       suspended again before its container starts has its pod deleted (not counted as failed) and
 *       waits again. Who unsuspends is the test's business: it plays Kueue.
 * </ul>
 *
 * The container's result file, work directory and projected token volumes are mapped under {@code
 * workRoot} (the token asked for with a TokenRequest, as the kubelet does; {@link MockKubernetes}
 * issues it); {@code $(VAR)} in arguments is expanded. Nothing is added to the pod's environment:
 * like a real extractor pod it has no AWS credentials, only its token, with which it asks the
 * operator for its presigned URLs.
 */
public class TestKubelet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TestKubelet.class);
  private static final int TERMINATION_MESSAGE_LIMIT = 4096;

  /** Runs before a pod's container starts: the test can break or fix the world here. */
  @FunctionalInterface
  public interface PodHook {
    void beforeContainerStarts(Job job, int attempt) throws Exception;
  }

  private final KubernetesClient client;
  private final Path workRoot;
  private final ExecutorService jobs = Executors.newCachedThreadPool(daemon("kubelet-job"));
  private final ExecutorService containers =
      Executors.newCachedThreadPool(daemon("kubelet-container"));
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final AtomicInteger podsStarted = new AtomicInteger();
  private final AtomicLong podCounter = new AtomicLong();
  private volatile Duration podStartDelay = Duration.ZERO;
  private volatile Duration retryBackoff = Duration.ofMillis(200);
  private volatile Duration accessWait = Duration.ofSeconds(60);
  private volatile PodHook hook = (job, attempt) -> {};
  private SharedIndexInformer<Job> informer;

  public TestKubelet(KubernetesClient client, Path workRoot) {
    this.client = client;
    this.workRoot = workRoot;
  }

  /**
   * A kubelet for Jobs of an operator presigning against {@code s3}: the pods reach it through
   * their presigned URLs only.
   */
  public static TestKubelet forS3(KubernetesClient client, InProcessS3 s3, Path workRoot) {
    return new TestKubelet(client, workRoot);
  }

  /** Time between a pod's creation and its container start (image pull, scheduling). */
  public TestKubelet withPodStartDelay(Duration delay) {
    this.podStartDelay = delay;
    return this;
  }

  /** Pause between a failed pod and the next (Kubernetes: 10 s, doubling; here short). */
  public TestKubelet withRetryBackoff(Duration backoff) {
    this.retryBackoff = backoff;
    return this;
  }

  /** How long a pod keeps asking the operator for its URLs (Kubernetes: the extractor's 2 min). */
  public TestKubelet withAccessWait(Duration wait) {
    this.accessWait = wait;
    return this;
  }

  public TestKubelet beforeEachContainer(PodHook hook) {
    this.hook = hook;
    return this;
  }

  public TestKubelet start() {
    informer =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(client.getNamespace())
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    if (suspended(job)) {
                      jobs.submit(() -> markSuspended(job));
                      return;
                    }
                    if (seen.add(job.getMetadata().getUid())) {
                      jobs.submit(() -> runJob(job));
                    }
                  }

                  /** Unsuspended (by Kueue, here the test): the Job controller starts it. */
                  @Override
                  public void onUpdate(Job oldJob, Job newJob) {
                    if (!suspended(newJob)
                        && !finished(newJob)
                        && seen.add(newJob.getMetadata().getUid())) {
                      jobs.submit(() -> runJob(newJob));
                    }
                  }

                  @Override
                  public void onDelete(Job job, boolean unknownFinalState) {
                    collectPods(job);
                  }
                });
    return this;
  }

  /**
   * The token the kubelet writes into a pod's projected ServiceAccount token volume: asked for with
   * a TokenRequest for the pod's ServiceAccount, for {@code audience}, bound to the pod.
   */
  public static String projectedToken(
      KubernetesClient client, Pod pod, String audience, Long expirationSeconds) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withAudiences(audience)
            .withExpirationSeconds(expirationSeconds)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();
    return client
        .serviceAccounts()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getSpec().getServiceAccountName())
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  /** The most Jobs that were running (created and not yet finished) at the same time. */
  public int maxConcurrentJobs() {
    return maxRunning.get();
  }

  public int jobsSeen() {
    return seen.size();
  }

  public int podsStarted() {
    return podsStarted.get();
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    jobs.shutdownNow();
    containers.shutdownNow();
  }

  static boolean suspended(Job job) {
    return Boolean.TRUE.equals(job.getSpec().getSuspend());
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  /** The Job controller's answer to a Job created suspended: no pod, condition Suspended. */
  private void markSuspended(Job job) {
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(job.getMetadata().getNamespace())
          .withName(job.getMetadata().getName())
          .editStatus(
              j -> {
                if (!suspended(j)) {
                  return j; // unsuspended meanwhile: the run writes its status
                }
                if (j.getStatus() == null) {
                  j.setStatus(new JobStatus());
                }
                setSuspendedCondition(j.getStatus(), true);
                return j;
              });
    } catch (RuntimeException e) {
      log.debug(
          "kubelet: could not mark {} suspended: {}", job.getMetadata().getName(), e.toString());
    }
  }

  /**
   * Condition {@code Suspended}: True (reason JobSuspended) when suspended; when resumed, an
   * existing one turns False (reason JobResumed), as the Job controller does (it adds no False
   * one).
   */
  private static void setSuspendedCondition(JobStatus status, boolean suspended) {
    List<JobCondition> conditions =
        status.getConditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(status.getConditions());
    boolean present = conditions.removeIf(c -> "Suspended".equals(c.getType()));
    if (suspended) {
      conditions.add(condition("Suspended", "JobSuspended", "Job suspended"));
    } else if (present) {
      JobCondition resumed = condition("Suspended", "JobResumed", "Job resumed");
      resumed.setStatus("False");
      conditions.add(resumed);
    }
    status.setConditions(conditions);
  }

  private void runJob(Job job) {
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    JobRun run = new JobRun(job);
    try {
      run.run();
    } catch (Exception e) {
      log.warn("kubelet: Job {} could not be run: {}", job.getMetadata().getName(), e.toString());
    } finally {
      run.stopCounting();
    }
  }

  private void collectPods(Job job) {
    try {
      client
          .pods()
          .inNamespace(job.getMetadata().getNamespace())
          .withLabel(MetadataKeys.JOB_NAME, job.getMetadata().getName())
          .delete();
    } catch (RuntimeException e) {
      log.debug(
          "kubelet: could not delete pods of {}: {}", job.getMetadata().getName(), e.toString());
    }
  }

  /** One Job from start to its final condition. */
  private final class JobRun {
    private final Job job;
    private final String name;
    private final String namespace;
    private volatile Instant started = Instant.now();
    private int failed;
    private boolean counted = true;

    JobRun(Job job) {
      this.job = job;
      this.name = job.getMetadata().getName();
      this.namespace = job.getMetadata().getNamespace();
    }

    /**
     * A Job stops counting as running just before its final status is written: whoever reacts to
     * that status (the operator starting the next Job) comes after it.
     */
    void stopCounting() {
      if (counted) {
        counted = false;
        running.decrementAndGet();
      }
    }

    void run() throws Exception {
      if ("Indexed".equals(job.getSpec().getCompletionMode())) {
        new IndexedRun(this).run();
        return;
      }
      resumed();
      int backoffLimit =
          job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
      for (int attempt = 0; ; attempt++) {
        if (deadlineExceeded()) {
          finishFailed("DeadlineExceeded", "Job was active longer than specified deadline");
          return;
        }
        Pod pod = createPod();
        editJobStatus(s -> s.setActive(1));
        hook.beforeContainerStarts(job, attempt);
        if (!sleepUnlessDeadline(podStartDelay)) {
          killedByDeadline(pod);
          return;
        }
        if (suspendedAgain(pod)) {
          attempt--; // a suspension is no failed attempt
          continue;
        }
        setPodRunning(pod);
        podsStarted.incrementAndGet();
        Integer exitCode = runContainer(pod);
        if (exitCode == null) {
          killedByDeadline(pod);
          return;
        }
        if (exitCode == 0) {
          stopCounting();
          editJobStatus(
              s -> {
                s.setActive(0);
                s.setSucceeded(1);
                s.setCompletionTime(Instant.now().toString());
                s.setConditions(
                    conditions(
                        condition(
                            "SuccessCriteriaMet",
                            "CompletionsReached",
                            "Reached expected number of succeeded pods"),
                        condition(
                            "Complete",
                            "CompletionsReached",
                            "Reached expected number of succeeded pods")));
              });
          return;
        }
        countFailedPod();
        Integer failJobRule = failJobRuleFor(exitCode);
        if (failJobRule != null) {
          finishFailed(
              "PodFailurePolicy",
              "Container "
                  + containerOf(job).getName()
                  + " for pod "
                  + namespace
                  + "/"
                  + pod.getMetadata().getName()
                  + " failed with exit code "
                  + exitCode
                  + " matching FailJob rule at index "
                  + failJobRule);
          return;
        }
        if (failed > backoffLimit) {
          finishFailed("BackoffLimitExceeded", "Job has reached the specified backoff limit");
          return;
        }
        if (!sleepUnlessDeadline(retryBackoff)) {
          finishFailed("DeadlineExceeded", "Job was active longer than specified deadline");
          return;
        }
      }
    }

    /** Started, or started again after a suspension: {@code startTime} is now. */
    private void resumed() {
      started = Instant.now();
      editJobStatus(
          s -> {
            s.setStartTime(started.toString());
            setSuspendedCondition(s, false);
          });
    }

    /**
     * Whether the Job was suspended while its pod was starting: then, as the Job controller does,
     * the pod is deleted (not counted as failed), the Job shows Suspended, and the run waits until
     * it is unsuspended again (or deleted, or the kubelet stops).
     */
    private boolean suspendedAgain(Pod pod) throws InterruptedException {
      Job now = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
      if (now == null || !suspended(now)) {
        return false;
      }
      client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
      stopCounting();
      editJobStatus(
          s -> {
            s.setActive(0);
            setSuspendedCondition(s, true);
          });
      while (now != null && suspended(now)) {
        Thread.sleep(50);
        now = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
      }
      if (now == null) {
        throw new InterruptedException("Job " + name + " was deleted while suspended");
      }
      counted = true;
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      resumed();
      return true;
    }

    private Pod createPod() {
      return createPod(null);
    }

    /** A pod; of index {@code index} of an Indexed Job when not null. */
    private Pod createPod(Integer index) {
      Map<String, String> labels = new LinkedHashMap<>();
      if (index != null) {
        labels.put(MetadataKeys.JOB_COMPLETION_INDEX, index.toString());
      }
      if (job.getSpec().getTemplate().getMetadata().getLabels() != null) {
        labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
      }
      labels.put(MetadataKeys.JOB_NAME, name);
      labels.put("job-name", name);
      labels.put(MetadataKeys.CONTROLLER_UID, job.getMetadata().getUid());
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName(
                  name
                      + "-"
                      + (index == null ? "" : index + "-")
                      + Long.toString(podCounter.incrementAndGet(), 36)
                      + "x")
              .withAnnotations(
                  index == null
                      ? Map.of()
                      : Map.of(MetadataKeys.JOB_COMPLETION_INDEX, index.toString()))
              .withNamespace(namespace)
              .withLabels(labels)
              .withOwnerReferences(
                  new OwnerReferenceBuilder()
                      .withApiVersion("batch/v1")
                      .withKind("Job")
                      .withName(name)
                      .withUid(job.getMetadata().getUid())
                      .withController(true)
                      .withBlockOwnerDeletion(true)
                      .build())
              .endMetadata()
              .withSpec(job.getSpec().getTemplate().getSpec())
              .build();
      Pod created = client.pods().inNamespace(namespace).resource(pod).create();
      return editPodStatus(
          created,
          "Pending",
          containerStatus(
              false,
              new ContainerStateBuilder()
                  .withNewWaiting()
                  .withReason("ContainerCreating")
                  .endWaiting()
                  .build()),
          null);
    }

    private void setPodRunning(Pod pod) {
      editPodStatus(
          pod,
          "Running",
          containerStatus(
              true,
              new ContainerStateBuilder()
                  .withNewRunning()
                  .withStartedAt(Instant.now().toString())
                  .endRunning()
                  .build()),
          null);
    }

    /** Runs the extractor; returns its exit code, or null when the deadline killed it. */
    private Integer runContainer(Pod pod) throws Exception {
      return runContainer(pod, null);
    }

    /** The same for index {@code index} of an Indexed Job: {@code JOB_COMPLETION_INDEX} is set. */
    private Integer runContainer(Pod pod, Integer index) throws Exception {
      Container container = containerOf(job);
      Path podDir = workRoot.resolve(pod.getMetadata().getName());
      Path workDir = Files.createDirectories(podDir.resolve("work"));
      Path resultFile = podDir.resolve("termination-log");
      Path logFile = podDir.resolve("container.log");
      List<String> args = new ArrayList<>();
      List<String> given = container.getArgs();
      for (int i = 0; i < given.size(); i++) {
        String arg = given.get(i);
        args.add(arg);
        if (i + 1 < given.size()) {
          if ("--result-file".equals(arg)) {
            args.add(resultFile.toString());
            i++;
          } else if ("--work-dir".equals(arg)) {
            args.add(workDir.toString());
            i++;
          }
        }
      }
      // the pod's environment as the kubelet makes it: values only (an extraction Job refers to
      // no Secret); no credentials are added, the Job must carry everything it needs
      Map<String, String> env = new HashMap<>();
      if (container.getEnv() != null) {
        for (EnvVar var : container.getEnv()) {
          if (var.getValueFrom() != null) {
            throw new IllegalStateException(
                "an extraction Job's variables are values, but " + var.getName() + " is not");
          }
          env.put(var.getName(), var.getValue());
        }
      }
      if (index != null) {
        env.put("JOB_COMPLETION_INDEX", index.toString());
      }
      // a pod asks for its URLs for 2 minutes before it fails; here for a minute (long enough
      // for an operator restart), or less where a test wants the failure
      env.putIfAbsent(
          dev.frameflow.contracts.access.AccessGrant.WAIT_VARIABLE,
          Long.toString(accessWait.toSeconds()));
      // the image names Debian's ffmpeg; here the one the tests run with (on the PATH)
      env.putIfAbsent(
          "FRAMEFLOW_FFMPEG_PATH",
          dev.frameflow.extractor.ffmpeg.Ffmpeg.preferInstalled().binary().toString());
      // projected volumes become files under the pod's directory, and arguments and variables
      // pointing into a mount point there; $(VAR) in arguments is expanded from the environment,
      // as Kubernetes does
      Map<String, Path> mounts = projectedMounts(container, pod, podDir);
      env.replaceAll((name, value) -> mapped(value, mounts));
      for (int i = 0; i < args.size(); i++) {
        args.set(i, mapped(expand(args.get(i), env), mounts));
      }
      Future<Integer> exit;
      try (OutputStream logStream = Files.newOutputStream(logFile);
          PrintStream out = new PrintStream(logStream, true, StandardCharsets.UTF_8)) {
        exit =
            containers.submit(
                () -> ExtractorCli.run(args.toArray(String[]::new), Map.copyOf(env), out, out));
        Integer code = waitUnlessDeadline(exit);
        if (code == null) {
          return null;
        }
        String message = Files.exists(resultFile) ? truncate(Files.readString(resultFile)) : null;
        editPodStatus(
            pod,
            code == 0 ? "Succeeded" : "Failed",
            containerStatus(false, terminated(code, code == 0 ? "Completed" : "Error", message)),
            null);
        return code;
      }
    }

    private static String mapped(String value, Map<String, Path> mounts) {
      if (value == null) {
        return null;
      }
      for (Map.Entry<String, Path> mount : mounts.entrySet()) {
        if (value.startsWith(mount.getKey() + "/")) {
          return mount.getValue().resolve(value.substring(mount.getKey().length() + 1)).toString();
        }
        if (value.equals(mount.getKey())) {
          return mount.getValue().toString();
        }
      }
      return value;
    }

    /**
     * Mount path → local directory holding the projected volume's files. A ServiceAccount token
     * source is asked for as the kubelet does: a TokenRequest for the pod's ServiceAccount, with
     * the source's audience and lifetime, bound to the pod. Other sources are not needed here.
     */
    private Map<String, Path> projectedMounts(Container container, Pod pod, Path podDir)
        throws Exception {
      Map<String, Path> mounts = new LinkedHashMap<>();
      var volumes = job.getSpec().getTemplate().getSpec().getVolumes();
      for (var mount : container.getVolumeMounts()) {
        for (var volume : volumes) {
          if (volume.getName().equals(mount.getName()) && volume.getProjected() != null) {
            Path dir = Files.createDirectories(podDir.resolve("projected-" + volume.getName()));
            for (var source : volume.getProjected().getSources()) {
              var projection = source.getServiceAccountToken();
              if (projection == null) {
                throw new IllegalStateException("only token projections are played here");
              }
              Files.writeString(dir.resolve(projection.getPath()), tokenFor(pod, projection));
            }
            mounts.put(mount.getMountPath(), dir);
          }
        }
      }
      return mounts;
    }

    private String tokenFor(Pod pod, ServiceAccountTokenProjection projection) {
      return projectedToken(
          client, pod, projection.getAudience(), projection.getExpirationSeconds());
    }

    private ContainerStatus containerStatus(boolean running, ContainerState state) {
      Container container = containerOf(job);
      return new ContainerStatusBuilder()
          .withName(container.getName())
          .withImage(container.getImage())
          .withReady(running)
          .withStarted(running)
          .withRestartCount(0)
          .withState(state)
          .build();
    }

    private ContainerState terminated(int exitCode, String reason, String message) {
      return new ContainerStateBuilder()
          .withNewTerminated()
          .withExitCode(exitCode)
          .withReason(reason)
          .withMessage(message)
          .withStartedAt(started.toString())
          .withFinishedAt(Instant.now().toString())
          .endTerminated()
          .build();
    }

    private Integer waitUnlessDeadline(Future<Integer> exit) throws Exception {
      Long deadline = job.getSpec().getActiveDeadlineSeconds();
      if (deadline == null) {
        return exit.get();
      }
      long remaining = Duration.between(Instant.now(), started.plusSeconds(deadline)).toMillis();
      try {
        return exit.get(Math.max(remaining, 0), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        exit.cancel(true);
        return null;
      }
    }

    private void killedByDeadline(Pod pod) {
      editPodStatus(
          pod,
          "Failed",
          containerStatus(false, terminated(137, "Error", null)),
          "DeadlineExceeded");
      countFailedPod();
      finishFailed("DeadlineExceeded", "Job was active longer than specified deadline");
    }

    private void countFailedPod() {
      failed++;
      int failedSoFar = failed;
      editJobStatus(
          s -> {
            s.setActive(0);
            s.setFailed(failedSoFar);
          });
    }

    private boolean deadlineExceeded() {
      Long deadline = job.getSpec().getActiveDeadlineSeconds();
      return deadline != null && Instant.now().isAfter(started.plusSeconds(deadline));
    }

    /** Sleeps; false when the Job's deadline passed meanwhile. */
    private boolean sleepUnlessDeadline(Duration pause) throws InterruptedException {
      Instant until = Instant.now().plus(pause);
      while (Instant.now().isBefore(until)) {
        if (deadlineExceeded()) {
          return false;
        }
        Thread.sleep(Math.min(50, Math.max(1, Duration.between(Instant.now(), until).toMillis())));
      }
      return !deadlineExceeded();
    }

    private Integer failJobRuleFor(int exitCode) {
      if (job.getSpec().getPodFailurePolicy() == null) {
        return null;
      }
      List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
      for (int i = 0; i < rules.size(); i++) {
        PodFailurePolicyRule rule = rules.get(i);
        var onExit = rule.getOnExitCodes();
        if (onExit == null) {
          continue;
        }
        boolean listed = onExit.getValues().contains(exitCode);
        boolean matches = "In".equals(onExit.getOperator()) == listed;
        if (matches && "FailJob".equals(rule.getAction())) {
          return i;
        }
        if (matches) {
          return null;
        }
      }
      return null;
    }

    private void finishFailed(String reason, String message) {
      stopCounting();
      editJobStatus(
          s -> {
            s.setActive(0);
            s.setConditions(
                conditions(
                    condition("FailureTarget", reason, message),
                    condition("Failed", reason, message)));
          });
    }

    private void editJobStatus(java.util.function.Consumer<JobStatus> change) {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(namespace)
          .withName(name)
          .editStatus(
              j -> {
                if (j.getStatus() == null) {
                  j.setStatus(new JobStatus());
                }
                change.accept(j.getStatus());
                return j;
              });
    }

    private Pod editPodStatus(Pod pod, String phase, ContainerStatus container, String reason) {
      return client
          .pods()
          .inNamespace(namespace)
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
                p.getStatus().setPhase(phase);
                p.getStatus().setReason(reason);
                p.getStatus().setContainerStatuses(List.of(container));
                return p;
              });
    }
  }

  /**
   * An Indexed Job ({@code completionMode: Indexed}): its indexes run in parallel (up to {@code
   * parallelism}), each with {@code JOB_COMPLETION_INDEX} and its own retries ({@code
   * backoffLimitPerIndex}); a {@code FailJob} rule fails the whole Job at once (no new pods start);
   * an index out of retries fails it ({@code maxFailedIndexes: 0}); all indexes done completes it.
   */
  private final class IndexedRun {
    private final JobRun run;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failedPods = new AtomicInteger();
    private final Set<Integer> completed = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicReference<String[]> failure =
        new java.util.concurrent.atomic.AtomicReference<>();

    IndexedRun(JobRun run) {
      this.run = run;
    }

    void run() throws Exception {
      run.resumed();
      int completions = run.job.getSpec().getCompletions();
      int parallelism =
          run.job.getSpec().getParallelism() == null
              ? completions
              : run.job.getSpec().getParallelism();
      ExecutorService pool = Executors.newFixedThreadPool(parallelism, daemon("kubelet-index"));
      try {
        List<Future<?>> indexes = new ArrayList<>();
        for (int i = 0; i < completions; i++) {
          int index = i;
          indexes.add(
              pool.submit(
                  () -> {
                    runIndex(index);
                    return null;
                  }));
        }
        for (Future<?> index : indexes) {
          index.get();
        }
      } finally {
        pool.shutdownNow();
      }
      String[] failed = failure.get();
      if (failed != null) {
        run.finishFailed(failed[0], failed[1]);
        return;
      }
      run.stopCounting();
      writeStatus(true);
    }

    private void runIndex(int index) throws Exception {
      Integer perIndex = run.job.getSpec().getBackoffLimitPerIndex();
      int retries = perIndex == null ? 0 : perIndex;
      for (int attempt = 0; ; attempt++) {
        if (failure.get() != null) {
          return;
        }
        if (run.deadlineExceeded()) {
          fail("DeadlineExceeded", "Job was active longer than specified deadline");
          return;
        }
        Pod pod = run.createPod(index);
        active.incrementAndGet();
        writeStatus(false);
        hook.beforeContainerStarts(run.job, attempt);
        Integer exitCode = null;
        if (run.sleepUnlessDeadline(podStartDelay)) {
          run.setPodRunning(pod);
          podsStarted.incrementAndGet();
          exitCode = run.runContainer(pod, index);
        }
        active.decrementAndGet();
        if (exitCode == null) {
          failedPods.incrementAndGet();
          fail("DeadlineExceeded", "Job was active longer than specified deadline");
          return;
        }
        if (exitCode == 0) {
          succeeded.incrementAndGet();
          completed.add(index);
          writeStatus(false);
          return;
        }
        failedPods.incrementAndGet();
        writeStatus(false);
        Integer rule = run.failJobRuleFor(exitCode);
        if (rule != null) {
          fail(
              "PodFailurePolicy",
              "Container "
                  + containerOf(run.job).getName()
                  + " for pod "
                  + run.namespace
                  + "/"
                  + pod.getMetadata().getName()
                  + " failed with exit code "
                  + exitCode
                  + " matching FailJob rule at index "
                  + rule);
          return;
        }
        if (attempt >= retries) {
          fail("MaxFailedIndexesExceeded", "Job has exceeded maxFailedIndexes");
          return;
        }
        Thread.sleep(retryBackoff.toMillis());
      }
    }

    private void fail(String reason, String message) {
      failure.compareAndSet(null, new String[] {reason, message});
    }

    private synchronized void writeStatus(boolean complete) {
      String indexes =
          completed.stream()
              .sorted()
              .map(String::valueOf)
              .collect(java.util.stream.Collectors.joining(","));
      run.editJobStatus(
          s -> {
            s.setActive(active.get());
            s.setSucceeded(succeeded.get());
            s.setFailed(failedPods.get());
            s.setCompletedIndexes(indexes);
            if (complete) {
              s.setCompletionTime(Instant.now().toString());
              s.setConditions(
                  conditions(
                      condition(
                          "SuccessCriteriaMet",
                          "CompletionsReached",
                          "Reached expected number of succeeded pods"),
                      condition(
                          "Complete",
                          "CompletionsReached",
                          "Reached expected number of succeeded pods")));
            }
          });
    }
  }

  /** Kubernetes' {@code $(VAR)} expansion of container arguments. */
  static String expand(String arg, Map<String, String> env) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(arg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      m.appendReplacement(
          out, java.util.regex.Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Container containerOf(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static List<JobCondition> conditions(JobCondition... conditions) {
    return new ArrayList<>(List.of(conditions));
  }

  private static JobCondition condition(String type, String reason, String message) {
    String now = Instant.now().toString();
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  private static String truncate(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= TERMINATION_MESSAGE_LIMIT
        ? message
        : new String(bytes, 0, TERMINATION_MESSAGE_LIMIT, StandardCharsets.UTF_8);
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
