package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;

/**
 * The pod-security rules every Frameflow pod meets (the Kubernetes "restricted" profile plus our
 * own): non-root, read-only root filesystem, no privilege escalation, all capabilities dropped,
 * RuntimeDefault seccomp, requests and limits, images pinned (never "latest"). Used for the chart,
 * the Kustomize overlays and the Job the operator builds.
 */
final class PodSecurity {

  private PodSecurity() {}

  static void assertRestricted(String owner, PodSpec pod) {
    SoftAssertions softly = new SoftAssertions();
    PodSecurityContext podContext =
        Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
    softly.assertThat(pod.getHostNetwork()).as("%s hostNetwork", owner).isNotEqualTo(Boolean.TRUE);
    softly.assertThat(pod.getHostPID()).as("%s hostPID", owner).isNotEqualTo(Boolean.TRUE);
    softly.assertThat(pod.getHostIPC()).as("%s hostIPC", owner).isNotEqualTo(Boolean.TRUE);
    for (Volume volume : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
      softly
          .assertThat(volume.getHostPath())
          .as("%s volume %s hostPath", owner, volume.getName())
          .isNull();
    }
    for (Container container : containers(pod)) {
      String where = owner + " container " + container.getName();
      SecurityContext sc =
          Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
      softly
          .assertThat(firstNonNull(sc.getRunAsNonRoot(), podContext.getRunAsNonRoot()))
          .as("%s runAsNonRoot", where)
          .isTrue();
      Long uid = firstNonNull(sc.getRunAsUser(), podContext.getRunAsUser());
      softly
          .assertThat(uid)
          .as("%s runAsUser", where)
          .satisfiesAnyOf(u -> assertThat(u).isNull(), u -> assertThat(u).isPositive());
      softly
          .assertThat(sc.getReadOnlyRootFilesystem())
          .as("%s readOnlyRootFilesystem", where)
          .isTrue();
      softly
          .assertThat(sc.getAllowPrivilegeEscalation())
          .as("%s allowPrivilegeEscalation", where)
          .isFalse();
      softly.assertThat(sc.getPrivileged()).as("%s privileged", where).isNotEqualTo(Boolean.TRUE);
      softly
          .assertThat(sc.getCapabilities() == null ? null : sc.getCapabilities().getDrop())
          .as("%s capabilities.drop", where)
          .isNotNull()
          .contains("ALL");
      softly
          .assertThat(sc.getCapabilities() == null ? List.of() : sc.getCapabilities().getAdd())
          .as("%s capabilities.add", where)
          .isNullOrEmpty();
      String seccomp =
          sc.getSeccompProfile() != null
              ? sc.getSeccompProfile().getType()
              : podContext.getSeccompProfile() == null
                  ? null
                  : podContext.getSeccompProfile().getType();
      softly.assertThat(seccomp).as("%s seccompProfile", where).isIn("RuntimeDefault", "Localhost");
      softly
          .assertThat(
              container.getResources() == null ? null : container.getResources().getRequests())
          .as("%s resources.requests", where)
          .isNotNull()
          .containsKeys("cpu", "memory");
      softly
          .assertThat(
              container.getResources() == null ? null : container.getResources().getLimits())
          .as("%s resources.limits", where)
          .isNotNull()
          .containsKeys("cpu", "memory");
      softly
          .assertThat(container.getPorts() == null ? List.of() : container.getPorts())
          .as("%s hostPort", where)
          .allSatisfy(port -> assertThat(port.getHostPort()).isNull());
      softly
          .assertThat(Images.isPinned(container.getImage()))
          .as("%s image %s pinned", where, container.getImage())
          .isTrue();
    }
    softly.assertAll();
  }

  /** Long-running containers (not Jobs) answer liveness and readiness probes. */
  static void assertProbed(String owner, PodSpec pod) {
    SoftAssertions softly = new SoftAssertions();
    for (Container container : pod.getContainers()) {
      String where = owner + " container " + container.getName();
      softly.assertThat(container.getLivenessProbe()).as("%s livenessProbe", where).isNotNull();
      softly.assertThat(container.getReadinessProbe()).as("%s readinessProbe", where).isNotNull();
    }
    softly.assertAll();
  }

  static List<Container> containers(PodSpec pod) {
    List<Container> all = new ArrayList<>(pod.getContainers());
    if (pod.getInitContainers() != null) {
      all.addAll(pod.getInitContainers());
    }
    return all;
  }

  private static <T> T firstNonNull(T first, T second) {
    return first != null ? first : second;
  }
}
