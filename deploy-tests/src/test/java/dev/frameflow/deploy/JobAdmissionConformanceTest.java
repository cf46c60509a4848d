package dev.frameflow.deploy;

import static dev.frameflow.deploy.ExtractionJobAdmissionTest.container;
import static dev.frameflow.deploy.ExtractionJobAdmissionTest.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.deploy.ExtractionJobAdmissionTest.Deployed;
import dev.frameflow.videojob.VideoJob;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Job shape the operator creates — the one-pod extraction, the Indexed Job of a video cut
 * into slices, the probe — built by the operator's own {@code ExtractionJobBuilder} with each
 * deployment's configuration (the Helm chart's values, the Kustomize overlays), goes through that
 * deployment's extraction-Job ValidatingAdmissionPolicy ({@link AdmissionPolicyRun}, CEL for Java):
 * each is admitted as built, and a copy of each tampered in one way the policy guards against is
 * refused with that guard's message and no other.
 */
class JobAdmissionConformanceTest {

  /** A VideoJob long enough (35 minutes) and parallel enough (4) to be cut into slices. */
  static final String SLICED_VIDEO_JOB =
      ExtractionJobPodSecurityTest.VIDEO_JOB.replace(
          "  extraction: {fps: 1.0, format: jpeg, quality: 3}\n",
          "  extraction: {fps: 1.0, format: jpeg, quality: 3}\n"
              + "  maxParallelism: 4\n"
              + "  sourceDurationSeconds: 2100\n");

  /** Each deployment's policy, compiled once for every test here. */
  private static final List<Deployed> DEPLOYMENTS =
      ExtractionJobAdmissionTest.deployments().toList();

  /** The Jobs ExtractionJobBuilder makes, from the operator's container environment. */
  enum Shape {
    ONE_POD(ExtractionJobPodSecurityTest::buildJob),
    INDEXED(
        env ->
            ExtractionJobPodSecurityTest.admissionFor(env)
                .prepare(
                    ExtractionJobPodSecurityTest.traced(
                        ExtractionJobPodSecurityTest.builderFor(env)
                            .build(Serialization.unmarshal(SLICED_VIDEO_JOB, VideoJob.class))))),
    PROBE(ExtractionJobPodSecurityTest::buildProbeJob);

    private final Function<Map<String, String>, Job> build;

    Shape(Function<Map<String, String>, Job> build) {
      this.build = build;
    }

    /** The Job of this shape the operator builds with this container environment. */
    Job build(Map<String, String> operatorEnvironment) {
      return build.apply(operatorEnvironment);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Shape.class)
  void eachShapeIsAdmittedAsTheOperatorBuildsIt(Shape shape) {
    SoftAssertions softly = new SoftAssertions();
    DEPLOYMENTS.forEach(
        deployed -> {
          Job job = shape.build(deployed.operatorConfig());
          softly
              .assertThat(deployed.denials(job))
              .as("%s: %s Job %s", deployed, shape, job.getMetadata().getName())
              .isEmpty();
        });
    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Shape.class)
  void theShapesAreTheOnesTheOperatorRuns(Shape shape) {
    Deployed deployed = DEPLOYMENTS.get(0);
    Job job = shape.build(deployed.operatorConfig());
    List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();

    switch (shape) {
      case ONE_POD -> {
        assertThat(job.getSpec().getCompletionMode()).isNull();
        assertThat(args.get(0)).isEqualTo("extract");
        assertThat(args).doesNotContain("--slices");
      }
      case INDEXED -> {
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(4);
        assertThat(args.get(0)).isEqualTo("slice");
        assertThat(String.join(" ", args)).endsWith("--slices 4");
      }
      case PROBE -> {
        assertThat(job.getMetadata().getName()).contains("probe");
        assertThat(args.get(0)).isEqualTo("probe");
      }
    }
  }

  /** One way to tamper with a Job and the message of the guard that must refuse it. */
  record Tamper(String what, BiConsumerWithDeployment change, String message) {
    @Override
    public String toString() {
      return what;
    }
  }

  @FunctionalInterface
  interface BiConsumerWithDeployment {
    void accept(Deployed deployed, PodSpec pod);
  }

  static Tamper tamper(String what, Consumer<PodSpec> change, String message) {
    return new Tamper(what, (d, pod) -> change.accept(pod), message);
  }

  static Stream<Tamper> tampers() {
    String unprivileged = "extraction containers are unprivileged";
    String nonRoot = "extraction containers run as non-root";
    String volumes = "mount only the emptyDir volumes work and tmp and the projected token";
    String token = "the projected volume holds one serviceAccountToken";
    return Stream.of(
        tamper(
            "a privileged container",
            pod -> container(pod).getSecurityContext().setPrivileged(true),
            unprivileged),
        tamper(
            "privilege escalation allowed",
            pod -> container(pod).getSecurityContext().setAllowPrivilegeEscalation(true),
            unprivileged),
        tamper(
            "a capability added (SYS_ADMIN)",
            pod ->
                container(pod)
                    .getSecurityContext()
                    .setCapabilities(new Capabilities(List.of("SYS_ADMIN"), List.of("ALL"))),
            unprivileged),
        tamper(
            "capabilities not dropped",
            pod -> container(pod).getSecurityContext().setCapabilities(null),
            unprivileged),
        tamper(
            "runAsNonRoot false on the container",
            pod -> container(pod).getSecurityContext().setRunAsNonRoot(false),
            nonRoot),
        tamper(
            "running as UID 0",
            pod -> container(pod).getSecurityContext().setRunAsUser(0L),
            nonRoot),
        tamper(
            "seccomp Unconfined",
            pod ->
                container(pod)
                    .getSecurityContext()
                    .setSeccompProfile(new SeccompProfile(null, "Unconfined")),
            nonRoot),
        tamper(
            "the host's PID namespace",
            pod -> pod.setHostPID(true),
            "share no host PID or IPC namespace"),
        tamper(
            "the host network",
            pod -> pod.setHostNetwork(true),
            "extraction Jobs stay off the host network"),
        tamper(
            "a hostPath volume",
            pod ->
                pod.getVolumes()
                    .add(new VolumeBuilder().withName("tmp").withNewHostPath("/", null).build()),
            volumes),
        tamper(
            "a Secret volume",
            pod ->
                pod.getVolumes()
                    .add(
                        new VolumeBuilder()
                            .withName("access")
                            .withNewSecret()
                            .withSecretName("job-access")
                            .endSecret()
                            .build()),
            volumes),
        tamper(
            "an image from Docker Hub",
            pod -> container(pod).setImage("docker.io/library/busybox:1.36"),
            "the operator may only run"),
        new Tamper(
            "an image from a look-alike repository",
            (d, pod) ->
                container(pod).setImage(d.params().get("extractorRepository") + "-debug:1.0.0"),
            "the operator may only run"),
        tamper(
            "a serviceAccountToken for the API server's audience",
            pod ->
                token(pod)
                    .getProjected()
                    .getSources()
                    .get(0)
                    .getServiceAccountToken()
                    .setAudience("https://kubernetes.default.svc.cluster.local"),
            token),
        tamper(
            "a serviceAccountToken with no audience (the API server's)",
            pod ->
                token(pod)
                    .getProjected()
                    .getSources()
                    .get(0)
                    .getServiceAccountToken()
                    .setAudience(null),
            token),
        tamper(
            "the API token automounted",
            pod -> pod.setAutomountServiceAccountToken(true),
            "extraction Jobs get no Kubernetes API token"),
        tamper(
            "the operator's own ServiceAccount",
            pod -> pod.setServiceAccountName("frameflow-operator"),
            "extraction Jobs run as the ServiceAccount"),
        tamper(
            "a sidecar",
            pod ->
                pod.getContainers()
                    .add(new ContainerBuilder(container(pod)).withName("sidecar").build()),
            "exactly one container"),
        tamper(
            "an init container",
            pod -> pod.setInitContainers(List.of(new ContainerBuilder(container(pod)).build())),
            "exactly one container"),
        tamper(
            "a Secret in the environment",
            pod ->
                container(pod)
                    .getEnv()
                    .add(
                        new EnvVarBuilder()
                            .withName("AWS_SECRET_ACCESS_KEY")
                            .withNewValueFrom()
                            .withNewSecretKeyRef("aws", "s3", false)
                            .endValueFrom()
                            .build()),
            "read no Secret"));
  }

  static Stream<Arguments> tamperedShapes() {
    return Stream.of(Shape.values()).flatMap(s -> tampers().map(t -> Arguments.of(s, t)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("tamperedShapes")
  void aTamperedCopyOfEachShapeIsRefusedByTheGuardItBreaks(Shape shape, Tamper tamper) {
    SoftAssertions softly = new SoftAssertions();
    DEPLOYMENTS.forEach(
        deployed -> {
          Job job = Serialization.clone(shape.build(deployed.operatorConfig()));
          tamper.change().accept(deployed, job.getSpec().getTemplate().getSpec());

          softly
              .assertThat(deployed.denials(job))
              .as(
                  "%s: %s Job with %s, refused by the guard \"%s\" alone",
                  deployed, shape, tamper, tamper.message())
              .hasSize(1)
              .allSatisfy(denial -> assertThat(denial).contains(tamper.message()));
        });
    softly.assertAll();
  }

  @Test
  void theChartAndTheKustomizeBaseHoldTheSameGuards() {
    assertThat(
            validations(
                FrameflowChartTest.defaults()
                    .one("ValidatingAdmissionPolicy", "frameflow-frameflow-operator-jobs")))
        .as("helm/frameflow/templates/operator/job-admission-policy.yaml's validations")
        .isEqualTo(
            validations(
                Kustomize.build(Repository.path("kustomize/base"))
                    .one("ValidatingAdmissionPolicy", "frameflow-operator-jobs")))
        .hasSizeGreaterThanOrEqualTo(10);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, String>> validations(HasMetadata policy) {
    Map<String, Object> spec =
        (Map<String, Object>) PlatformBoundariesTest.asMap(policy).get("spec");
    return (List<Map<String, String>>) spec.get("validations");
  }
}
