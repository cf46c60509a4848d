package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The frame-server's deployment (issue 31, frames on demand), as the chart and every Kustomize
 * overlay render it: the extraction Jobs' image running {@code serve} on 8080, probed on /healthz
 * and /readyz, restricted, with no ServiceAccount token and no AWS role; it accepts exactly the
 * origin the gateway presigns source GETs for; the gateway's configuration points at its Service;
 * only the gateway's pods may reach it.
 */
class FrameServerDeploymentTest {

  static final String NAME = "frameflow-frame-server";
  static final String SERVER_URL = "FRAMEFLOW_FRAMES_SERVER_URL";

  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  static Stream<Arguments> renders() {
    return Stream.of(
        Arguments.of("helm default", FrameflowChartTest.defaults()),
        Arguments.of("helm prod", FrameflowChartTest.production()),
        Arguments.of(
            "helm kind",
            HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.KIND_VALUES)),
        Arguments.of("kustomize kind", Kustomize.build(KustomizeOverlaysTest.overlay("kind"))),
        Arguments.of("kustomize dev", Kustomize.build(KustomizeOverlaysTest.overlay("dev"))),
        Arguments.of("kustomize prod", Kustomize.build(KustomizeOverlaysTest.overlay("prod"))));
  }

  /** The renders whose policies hold the frame-server to the gateway alone (not kind's probes). */
  static Stream<Arguments> strictRenders() {
    return renders().filter(a -> !a.get()[0].equals("kustomize kind"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void itRunsTheJobsImageServingOn8080RestrictedProbedAndWithAWorkVolume(
      String render, Manifests manifests) {
    PodSpec pod = pod(manifests);
    Container server = container(manifests);

    PodSecurity.assertRestricted(render + " frame-server", pod);
    PodSecurity.assertProbed(render + " frame-server", pod);
    assertThat(server.getImage())
        .as("the same image as the extraction Jobs the operator starts")
        .isEqualTo(jobImage(manifests));
    List<String> args = expandedArgs(manifests);
    assertThat(args).startsWith("serve").containsSequence("--port", "8080");
    assertThat(server.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(server.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(server.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(server.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    // bounded renders per replica and per owner, so that memory is bounded by them
    assertThat(Integer.parseInt(argument(args, "--max-concurrency"))).isPositive();
    assertThat(Integer.parseInt(argument(args, "--max-per-owner")))
        .isPositive()
        .isLessThanOrEqualTo(Integer.parseInt(argument(args, "--max-concurrency")));
    // the root filesystem is read-only: its working files go to an emptyDir
    String workDir = argument(args, "--work-dir");
    String volume =
        server.getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals(workDir))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume mounted at --work-dir " + workDir))
            .getName();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals(volume))
        .singleElement()
        .extracting(Volume::getEmptyDir)
        .isNotNull()
        .satisfies(e -> assertThat(e.getSizeLimit()).isNotNull());
    assertThat(server.getResources().getLimits()).containsKey("memory");
    assertThat(pod.getTopologySpreadConstraints())
        .singleElement()
        .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void itHasNoServiceAccountTokenNoAwsRoleAndNoSecret(String render, Manifests manifests) {
    ServiceAccount account = manifests.one(ServiceAccount.class, NAME);
    PodSpec pod = pod(manifests);

    assertThat(pod.getServiceAccountName()).isEqualTo(NAME);
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(
            account.getMetadata().getAnnotations() == null
                ? Map.of()
                : account.getMetadata().getAnnotations())
        .as("no IRSA role: it reads only through the gateway's presigned URLs")
        .doesNotContainKey(AwsAccess.ROLE_ARN);
    assertThat(container(manifests).getEnv())
        .as("no Secret in its environment")
        .allSatisfy(
            e ->
                assertThat(e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef())
                    .isNull());
    assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getSecret()).isNull());
    assertThat(container(manifests).getEnv())
        .extracting(e -> e.getName())
        .noneMatch(n -> n.startsWith("AWS_"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void itAcceptsExactlyTheOriginTheGatewayPresignsSourceReadsFor(
      String render, Manifests manifests) {
    Map<String, String> gateway = gatewayConfig(manifests);

    assertThat(argument(expandedArgs(manifests), "--source-origin"))
        .isEqualTo(presignedOrigin(gateway));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void theGatewaysConfigurationPointsAtTheFrameServersService(String render, Manifests manifests) {
    assertThat(gatewayConfig(manifests)).as("the gateway's ConfigMap").containsKey(SERVER_URL);
    URI url = URI.create(gatewayConfig(manifests).get(SERVER_URL));
    Service service = manifests.one(Service.class, NAME);
    Map<String, String> podLabels =
        manifests.one(Deployment.class, NAME).getSpec().getTemplate().getMetadata().getLabels();

    assertThat(url.getScheme()).isEqualTo("http");
    assertThat(url.getHost().split("\\.")[0]).isEqualTo(service.getMetadata().getName());
    if (url.getHost().contains(".")) {
      assertThat(url.getHost()).isEqualTo(NAME + "." + HelmCharts.NAMESPACE + ".svc");
    }
    assertThat(service.getSpec().getType()).isIn(null, "ClusterIP");
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(url.getPort());
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
    assertThat(manifests.one(PodDisruptionBudget.class, NAME).getSpec().getSelector())
        .satisfies(s -> assertThat(podLabels).containsAllEntriesOf(s.getMatchLabels()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strictRenders")
  void onlyTheGatewaysPodsReachIt(String render, Manifests manifests) {
    Map<String, String> frameServer = podLabels(manifests, NAME);
    Map<String, String> gateway = podLabels(manifests, "frameflow-api-gateway");
    Map<String, String> operator = podLabels(manifests, "frameflow-operator");
    Map<String, String> jobPod =
        Map.of(
            "batch.kubernetes.io/job-name",
            "frameflow-extract-0",
            "app.kubernetes.io/name",
            "frame-extractor");
    List<NetworkPolicy> policies =
        manifests.all(NetworkPolicy.class).stream()
            .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
            .filter(p -> EgressConformanceTest.matches(p.getSpec().getPodSelector(), frameServer))
            .toList();

    assertThat(policies).as("an ingress policy selects the frame-server's pods").isNotEmpty();
    List<NetworkPolicyIngressRule> rules =
        policies.stream().flatMap(p -> p.getSpec().getIngress().stream()).toList();
    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(rule.getPorts())
                  .as("port 8080 only")
                  .singleElement()
                  .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
              assertThat(rule.getFrom()).as("a rule without peers admits everyone").isNotEmpty();
              assertThat(rule.getFrom())
                  .allSatisfy(
                      peer -> {
                        assertThat(peer.getIpBlock()).as("no address range").isNull();
                        assertThat(peer.getNamespaceSelector()).as("this namespace only").isNull();
                        assertThat(selects(peer, gateway)).as("the gateway's pods").isTrue();
                        assertThat(selects(peer, operator)).as("not the operator").isFalse();
                        assertThat(selects(peer, jobPod)).as("not a Job's pod").isFalse();
                      });
            });
  }

  @Test
  void turnedOffNothingOfItIsRenderedAndTheGatewayIsNotPointedAtIt() {
    Manifests off = HelmCharts.template("frameflow", Map.of("frameServer.enabled", "false"));

    assertThat(off.all())
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .noneMatch(name -> name.contains("frame-server"));
    assertThat(off.one(ConfigMap.class, "frameflow-api-gateway").getData())
        .doesNotContainKey(SERVER_URL);
  }

  @Test
  void anIrsaRoleIsRefusedAndAutoscalingIsOptional() {
    assertThatThrownBy(
            () ->
                HelmCharts.render(
                    "frameflow",
                    Map.of(
                        "frameServer.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn",
                        "arn:aws:iam::111122223333:role/frame-server")))
        .hasMessageContaining("frameServer");

    assertThat(FrameflowChartTest.defaults().all(HorizontalPodAutoscaler.class))
        .extracting(h -> h.getMetadata().getName())
        .doesNotContain(NAME);
    Manifests scaled =
        HelmCharts.template("frameflow", Map.of("frameServer.autoscaling.enabled", "true"));
    assertThat(scaled.one(HorizontalPodAutoscaler.class, NAME).getSpec().getScaleTargetRef())
        .satisfies(t -> assertThat(t.getName()).isEqualTo(NAME));
    assertThat(scaled.one(Deployment.class, NAME).getSpec().getReplicas())
        .as("the HPA owns the replica count")
        .isNull();
  }

  @Test
  void anExplicitOriginWinsAndAnythingButSchemeHostAndPortIsRefused() {
    Manifests explicit =
        HelmCharts.template(
            "frameflow", Map.of("frameServer.sourceOrigin", "https://s3.eu-west-1.amazonaws.com"));

    assertThat(argument(expandedArgs(explicit), "--source-origin"))
        .isEqualTo("https://s3.eu-west-1.amazonaws.com");
    // a path would widen nothing the server checks, but it says the origin was misunderstood
    assertThatThrownBy(
            () ->
                HelmCharts.render(
                    "frameflow",
                    Map.of(
                        "frameServer.sourceOrigin", "https://s3.amazonaws.com/frameflow-uploads")))
        .hasMessageContaining("sourceOrigin");
  }

  @Test
  void theDeploymentGuideStatesTheMemoryLimitTheChartAndTheBaseSet() throws IOException {
    String guide = Files.readString(Repository.path("docs/deployment.md"));
    Quantity chart =
        container(FrameflowChartTest.defaults()).getResources().getLimits().get("memory");
    Quantity base =
        container(Kustomize.build(Repository.path("kustomize/base")))
            .getResources()
            .getLimits()
            .get("memory");

    assertThat(base).isEqualTo(chart);
    assertThat(guide).contains("## Frames on demand").contains("memory limit " + chart);
  }

  // ---------------------------------------------------------------------------------------------

  static Container container(Manifests manifests) {
    return pod(manifests).getContainers().get(0);
  }

  private static PodSpec pod(Manifests manifests) {
    return manifests.one(Deployment.class, NAME).getSpec().getTemplate().getSpec();
  }

  /** The image the operator puts in every extraction Job. */
  private static String jobImage(Manifests manifests) {
    return KustomizeOverlaysTest.container(manifests, "frameflow-operator").getEnv().stream()
        .filter(e -> e.getName().equals("FRAMEFLOW_OPERATOR_EXTRACTOR_IMAGE"))
        .map(e -> e.getValue())
        .findFirst()
        .orElseGet(
            () ->
                manifests
                    .one(ConfigMap.class, "frameflow-operator")
                    .getData()
                    .get("FRAMEFLOW_OPERATOR_EXTRACTOR_IMAGE"));
  }

  /** The container's arguments as the kubelet runs them: $(VAR) from its env and envFrom. */
  static List<String> expandedArgs(Manifests manifests) {
    Container server = container(manifests);
    Map<String, String> env = new HashMap<>();
    if (server.getEnvFrom() != null) {
      server.getEnvFrom().stream()
          .filter(from -> from.getConfigMapRef() != null)
          .forEach(from -> env.putAll(configMap(manifests, from.getConfigMapRef().getName())));
    }
    server.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> env.put(e.getName(), e.getValue()));
    List<String> args = new ArrayList<>();
    for (String arg : server.getArgs()) {
      Matcher m = VARIABLE.matcher(arg);
      StringBuilder expanded = new StringBuilder();
      while (m.find()) {
        assertThat(env).as("$(%s) in the arguments is defined", m.group(1)).containsKey(m.group(1));
        m.appendReplacement(expanded, Matcher.quoteReplacement(env.get(m.group(1))));
      }
      m.appendTail(expanded);
      args.add(expanded.toString());
    }
    return args;
  }

  private static String argument(List<String> args, String flag) {
    int at = args.indexOf(flag);
    assertThat(at).as("%s in %s", flag, args).isNotNegative().isLessThan(args.size() - 1);
    return args.get(at + 1);
  }

  /**
   * scheme://host[:port] of the URLs the gateway's S3 client presigns for a source in the uploads
   * bucket: its endpoint override (path style) or AWS's virtual-hosted regional endpoint.
   */
  static String presignedOrigin(Map<String, String> gateway) {
    String bucket = gateway.getOrDefault("FRAMEFLOW_S3_UPLOAD_BUCKET", "frameflow-uploads");
    String region = gateway.getOrDefault("FRAMEFLOW_S3_REGION", "us-east-1");
    boolean pathStyle =
        Boolean.parseBoolean(gateway.getOrDefault("FRAMEFLOW_S3_PATH_STYLE", "false"));
    String endpoint = gateway.get("FRAMEFLOW_S3_ENDPOINT");
    if (endpoint != null) {
      URI uri = URI.create(endpoint);
      String host = pathStyle ? uri.getHost() : bucket + "." + uri.getHost();
      return uri.getScheme() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
    return pathStyle
        ? "https://s3." + region + ".amazonaws.com"
        : "https://" + bucket + ".s3." + region + ".amazonaws.com";
  }

  private static Map<String, String> gatewayConfig(Manifests manifests) {
    return configMap(manifests, "frameflow-api-gateway");
  }

  /** A ConfigMap by name, or by the name Kustomize's generator hashed. */
  private static Map<String, String> configMap(Manifests manifests, String name) {
    return manifests.all(ConfigMap.class).stream()
        .filter(
            cm ->
                cm.getMetadata().getName().equals(name)
                    || cm.getMetadata().getName().matches(Pattern.quote(name) + "-[a-z0-9]{10}"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("ConfigMap " + name))
        .getData();
  }

  private static Map<String, String> podLabels(Manifests manifests, String deployment) {
    return manifests
        .one(Deployment.class, deployment)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getLabels();
  }

  private static boolean selects(NetworkPolicyPeer peer, Map<String, String> labels) {
    return peer.getPodSelector() != null
        && EgressConformanceTest.matches(peer.getPodSelector(), labels);
  }
}
