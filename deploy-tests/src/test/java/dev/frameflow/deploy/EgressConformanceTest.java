package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The egress NetworkPolicies of every environment, as the Helm chart and the Kustomize overlays
 * render them, against conformance/egress.yaml: each declared destination of a component is allowed
 * by the egress rules selecting its pods, and each egress rule (each peer on each port) is
 * justified by a declared destination. Also writes the Helm renders to
 * target/conformance/rendered/helm-ENV.yaml (docs/conformance.md).
 */
class EgressConformanceTest {

  static final Path DECLARATION = Repository.path("conformance/egress.yaml");

  private static final List<Cidr> EVERYWHERE = List.of(Cidr.parse("0.0.0.0/0"));

  /** The environments of conformance/egress.yaml with one renderer each: "helm prod", ... */
  static Stream<Arguments> renders() {
    List<Arguments> renders = new ArrayList<>();
    declaration()
        .environments()
        .forEach(
            (name, env) -> {
              if (env.containsKey("helm")) {
                renders.add(Arguments.of(name, "helm"));
              }
              if (env.containsKey("kustomize")) {
                renders.add(Arguments.of(name, "kustomize"));
              }
            });
    return renders.stream();
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("renders")
  void everyDeclaredDestinationIsAllowedAndEveryEgressRuleIsDeclared(
      String environment, String renderer) throws IOException {
    Manifests manifests = render(environment, renderer);

    List<String> problems = check(declaration(), environment, renderer, manifests);

    assertThat(problems)
        .as("egress of %s %s against %s", renderer, environment, DECLARATION)
        .isEmpty();
  }

  @Test
  void theHelmRendersOfEveryEnvironmentAreWrittenForTheOtherConformanceChecks() throws IOException {
    for (Map.Entry<String, Map<String, Object>> env : declaration().environments().entrySet()) {
      if (env.getValue().containsKey("helm")) {
        render(env.getKey(), "helm");
        assertThat(renderedDir().resolve("helm-" + env.getKey() + ".yaml")).isNotEmptyFile();
      }
    }
  }

  @Test
  void aRuleNobodyDeclaredAndADestinationNoRuleAllowsAreBothReported() {
    // the extractor with the chart's old default (443 to anything but the metadata service)
    Manifests wide =
        HelmCharts.template(
            "frameflow",
            Map.of(
                "networkPolicy.s3.to[0].ipBlock.cidr", "0.0.0.0/0",
                "networkPolicy.s3.to[0].ipBlock.except[0]", "169.254.169.254/32"),
            HelmCharts.chart("frameflow").resolve("values-prod.yaml"));
    // kind without its S3 store's rules: neither the operator nor the extractor reaches MinIO
    Manifests narrow =
        HelmCharts.template(
            "frameflow",
            Map.of("networkPolicy.s3.to", "null"),
            HelmCharts.chart("frameflow").resolve("values-kind.yaml"));

    assertThat(check(declaration(), "prod", "helm", wide))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "[helm prod] extractor: egress to 0.0.0.0/0 except 169.254.169.254/32 on TCP/443")
                    .contains("matches no declared destination"));
    assertThat(check(declaration(), "kind", "helm", narrow))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "[helm kind] operator: declared destination minio (cluster-service, TCP/9000")
                    .contains("is not allowed"))
        .anySatisfy(
            p -> assertThat(p).startsWith("[helm kind] extractor: declared destination minio"));
  }

  // ---------------------------------------------------------------------------------------------

  static Manifests render(String environment, String renderer) throws IOException {
    Map<String, Object> env = declaration().environments().get(environment);
    if (renderer.equals("kustomize")) {
      return Kustomize.build(Repository.path((String) env.get("kustomize")));
    }
    @SuppressWarnings("unchecked")
    List<String> values = (List<String>) env.get("helm");
    Path[] files =
        values.stream().map(v -> HelmCharts.chart("frameflow").resolve(v)).toArray(Path[]::new);
    String yaml = HelmCharts.render("frameflow", Map.of(), files);
    Path out = renderedDir().resolve("helm-" + environment + ".yaml");
    Files.createDirectories(out.getParent());
    Files.writeString(out, yaml);
    return Manifests.parse(yaml);
  }

  /** {@code frameflow.conformance.dir} or {@code <repo>/target/conformance}, then rendered/. */
  static Path renderedDir() {
    String dir = System.getProperty("frameflow.conformance.dir");
    Path root = dir == null || dir.isBlank() ? Repository.path("target/conformance") : Path.of(dir);
    return root.resolve("rendered");
  }

  /** Every problem of one environment's render, each naming renderer, environment, component. */
  static List<String> check(
      Declaration declaration, String environment, String renderer, Manifests manifests) {
    Map<String, Object> env = declaration.environments().get(environment);
    Networks networks = Networks.of(env);
    List<Workload> workloads = new ArrayList<>(Workload.all(manifests));
    if (env.get("workloads") != null) {
      workloads.addAll(
          Workload.all(Kustomize.build(Repository.path((String) env.get("workloads")))));
    }
    @SuppressWarnings("unchecked")
    List<String> platforms = (List<String>) env.get("platforms");
    String where = "[" + renderer + " " + environment + "] ";
    List<String> problems = new ArrayList<>();

    for (Map.Entry<String, Map<String, Object>> component : declaration.components().entrySet()) {
      String name = component.getKey();
      Map<String, String> podLabels = podLabels(component.getValue(), workloads, name);
      if (podLabels == null) {
        problems.add(where + name + ": no workload renders its pods");
        continue;
      }
      List<NetworkPolicy> policies =
          manifests.all(NetworkPolicy.class).stream()
              .filter(p -> matches(p.getSpec().getPodSelector(), podLabels))
              .filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
              .toList();
      if (policies.isEmpty()) {
        continue; // egress not restricted: every destination is allowed, no rule to justify
      }
      String namespace = policies.get(0).getMetadata().getNamespace();
      List<Rule> rules = new ArrayList<>();
      for (NetworkPolicy policy : policies) {
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
          rules.add(new Rule(policy.getMetadata().getName(), rule));
        }
      }

      // each destination resolved, with the platforms it exists on
      List<Destination> destinations = new ArrayList<>();
      Map<Destination, List<String>> destinationPlatforms = new java.util.IdentityHashMap<>();
      for (Map<String, Object> d : Declaration.destinations(component.getValue())) {
        @SuppressWarnings("unchecked")
        List<String> on = (List<String>) d.getOrDefault("platforms", List.of("aws", "kind"));
        if (on.stream().anyMatch(platforms::contains)) {
          // optional: a feature a render may leave off (tracing's collector); it justifies rules
          // where it is on, and neither its absence nor a render without a rule is a problem
          boolean optional = Boolean.TRUE.equals(d.get("optional"));
          List<String> unresolved = optional ? new ArrayList<>() : problems;
          Destination destination =
              Destination.resolve(d, networks, workloads, namespace, where + name, unresolved);
          if (optional && !unresolved.isEmpty()) {
            continue;
          }
          destinations.add(destination);
          destinationPlatforms.put(destination, optional ? List.of() : on);
        }
      }

      // every declared destination is allowed; an environment of several platforms (the chart's
      // defaults) must serve one of them completely
      List<List<String>> byPlatform = new ArrayList<>();
      for (String platform : platforms) {
        List<String> notAllowed = new ArrayList<>();
        for (Destination destination : destinations) {
          if (!destinationPlatforms.get(destination).contains(platform)) {
            continue;
          }
          for (String port : destination.ports()) {
            if (!allowed(destination, port, rules, namespace)) {
              notAllowed.add(
                  where
                      + name
                      + ": declared destination "
                      + destination.name()
                      + " ("
                      + destination.kind()
                      + ", "
                      + port
                      + ", at "
                      + destination.describe()
                      + ") is not allowed by the egress of "
                      + policies.stream().map(p -> p.getMetadata().getName()).toList()
                      + (platforms.size() > 1 ? " (platform " + platform + ")" : ""));
            }
          }
        }
        byPlatform.add(notAllowed);
      }
      if (byPlatform.stream().noneMatch(List::isEmpty)) {
        byPlatform.forEach(problems::addAll);
      }

      // every egress rule is declared
      for (Rule rule : rules) {
        List<String> ports = rule.ports();
        for (NetworkPolicyPeer peer : rule.peers()) {
          for (String port : ports) {
            List<Destination> onPort =
                destinations.stream().filter(d -> d.ports().contains(port)).toList();
            if (!justified(peer, onPort, namespace)) {
              problems.add(
                  where
                      + name
                      + ": egress to "
                      + describe(peer)
                      + " on "
                      + port
                      + " (NetworkPolicy "
                      + rule.policy()
                      + ") matches no declared destination; declared on "
                      + port
                      + ": "
                      + (onPort.isEmpty()
                          ? "none"
                          : onPort.stream().map(d -> d.name() + " at " + d.describe()).toList()));
            }
          }
        }
      }
    }
    return problems;
  }

  private static boolean allowed(
      Destination destination, String port, List<Rule> rules, String namespace) {
    List<NetworkPolicyPeer> peers =
        rules.stream()
            .filter(r -> r.ports().contains(port))
            .flatMap(r -> r.peers().stream())
            .toList();
    if (!destination.cidrs().isEmpty()) {
      List<Cidr.Range> reached = new ArrayList<>();
      peers.stream()
          .filter(p -> p.getIpBlock() != null)
          .forEach(p -> reached.addAll(ranges(p.getIpBlock())));
      List<Cidr.Range> wanted = new ArrayList<>();
      destination.cidrs().forEach(c -> wanted.add(c.range()));
      if (Cidr.Range.subtract(wanted, reached).isEmpty()) {
        return true;
      }
    }
    return destination.pods().stream()
        .anyMatch(pods -> peers.stream().anyMatch(peer -> selects(peer, pods, namespace)));
  }

  private static boolean justified(
      NetworkPolicyPeer peer, List<Destination> destinations, String namespace) {
    if (peer.getIpBlock() != null) {
      List<Cidr.Range> declared = new ArrayList<>();
      destinations.forEach(d -> d.cidrs().forEach(c -> declared.add(c.range())));
      return Cidr.Range.subtract(ranges(peer.getIpBlock()), declared).isEmpty();
    }
    // a selector must name pods (an empty podSelector selects every pod of its namespaces)
    if (peer.getPodSelector() == null || isEmpty(peer.getPodSelector())) {
      return false;
    }
    return destinations.stream()
        .flatMap(d -> d.pods().stream())
        .anyMatch(pods -> selects(peer, pods, namespace));
  }

  private static boolean isEmpty(LabelSelector selector) {
    return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }

  private static boolean selects(NetworkPolicyPeer peer, Pods pods, String namespace) {
    if (peer.getIpBlock() != null) {
      return false;
    }
    boolean namespaceMatches =
        peer.getNamespaceSelector() == null
            ? pods.namespace() == null || pods.namespace().equals(namespace)
            : matches(
                peer.getNamespaceSelector(),
                Map.of(
                    "kubernetes.io/metadata.name",
                    pods.namespace() == null ? namespace : pods.namespace()));
    return namespaceMatches
        && (peer.getPodSelector() == null || matches(peer.getPodSelector(), pods.labels()));
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = labels.get(r.getKey());
        boolean ok =
            switch (r.getOperator()) {
              case "Exists" -> value != null;
              case "DoesNotExist" -> value == null;
              case "In" -> value != null && r.getValues().contains(value);
              case "NotIn" -> value == null || !r.getValues().contains(value);
              default -> throw new IllegalArgumentException(r.getOperator());
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<Cidr.Range> ranges(IPBlock block) {
    List<Cidr.Range> except = new ArrayList<>();
    if (block.getExcept() != null) {
      block.getExcept().forEach(e -> except.add(Cidr.parse(e).range()));
    }
    return Cidr.Range.subtract(List.of(Cidr.parse(block.getCidr()).range()), except);
  }

  private static String describe(NetworkPolicyPeer peer) {
    if (peer.getIpBlock() != null) {
      IPBlock b = peer.getIpBlock();
      return b.getCidr()
          + (b.getExcept() == null || b.getExcept().isEmpty()
              ? ""
              : " except " + String.join(", ", b.getExcept()));
    }
    List<String> parts = new ArrayList<>();
    if (peer.getNamespaceSelector() != null) {
      parts.add("namespaces " + selector(peer.getNamespaceSelector()));
    }
    if (peer.getPodSelector() != null) {
      parts.add("pods " + selector(peer.getPodSelector()));
    }
    return String.join(" ", parts);
  }

  private static String selector(LabelSelector s) {
    List<String> parts = new ArrayList<>();
    if (s.getMatchLabels() != null) {
      s.getMatchLabels().forEach((k, v) -> parts.add(k + "=" + v));
    }
    if (s.getMatchExpressions() != null) {
      s.getMatchExpressions()
          .forEach(e -> parts.add(e.getKey() + " " + e.getOperator() + " " + e.getValues()));
    }
    return parts.isEmpty() ? "(all)" : "{" + String.join(", ", parts) + "}";
  }

  static String port(NetworkPolicyPort p) {
    String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
    if (p.getPort() == null) {
      return protocol + "/*";
    }
    return protocol
        + "/"
        + (p.getPort().getIntVal() != null ? p.getPort().getIntVal() : p.getPort().getStrVal())
        + (p.getEndPort() == null ? "" : "-" + p.getEndPort());
  }

  private static Map<String, String> podLabels(
      Map<String, Object> component, List<Workload> workloads, String name) {
    @SuppressWarnings("unchecked")
    Map<String, Object> pods = (Map<String, Object>) component.get("pods");
    if (pods.get("labels") != null) {
      @SuppressWarnings("unchecked")
      Map<String, String> labels = (Map<String, String>) pods.get("labels");
      return labels;
    }
    return Workload.find(workloads, (String) pods.get("workload"))
        .map(Workload::labels)
        .orElse(null);
  }

  private static Declaration declaration() {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> yaml = Serialization.unmarshal(Files.readString(DECLARATION), Map.class);
      return new Declaration(yaml);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  record Declaration(Map<String, Object> yaml) {

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> components() {
      return (Map<String, Map<String, Object>>) yaml.get("components");
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> environments() {
      return (Map<String, Map<String, Object>>) yaml.get("environments");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> destinations(Map<String, Object> component) {
      return (List<Map<String, Object>>) component.get("destinations");
    }
  }

  private record Rule(String policy, NetworkPolicyEgressRule rule) {

    /** An empty or absent port list means every port. */
    List<String> ports() {
      if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
        return List.of("any port");
      }
      return rule.getPorts().stream().map(EgressConformanceTest::port).toList();
    }

    /** An empty or absent peer list means every address. */
    List<NetworkPolicyPeer> peers() {
      if (rule.getTo() == null || rule.getTo().isEmpty()) {
        NetworkPolicyPeer everywhere = new NetworkPolicyPeer();
        everywhere.setIpBlock(new IPBlock("0.0.0.0/0", List.of()));
        return List.of(everywhere);
      }
      return rule.getTo();
    }
  }

  /** Pods of some namespace (null: the policy's own) with these labels. */
  private record Pods(String namespace, Map<String, String> labels) {}

  private record Workload(String name, Map<String, String> labels) {

    static List<Workload> all(Manifests manifests) {
      List<Workload> all = new ArrayList<>();
      manifests
          .all(Deployment.class)
          .forEach(d -> all.add(of(d.getMetadata().getName(), d.getSpec().getTemplate())));
      manifests
          .all(StatefulSet.class)
          .forEach(s -> all.add(of(s.getMetadata().getName(), s.getSpec().getTemplate())));
      return all;
    }

    private static Workload of(String name, PodTemplateSpec template) {
      return new Workload(name, template.getMetadata().getLabels());
    }

    static java.util.Optional<Workload> find(List<Workload> workloads, String name) {
      return workloads.stream()
          .filter(w -> w.name().equals(name) || w.name().equals("frameflow-" + name))
          .findFirst();
    }
  }

  /** Where the destination kinds are in one environment (conformance/egress.yaml). */
  private record Networks(Map<String, List<Cidr>> byKind) {

    @SuppressWarnings("unchecked")
    static Networks of(Map<String, Object> env) {
      Map<String, List<Cidr>> byKind = new LinkedHashMap<>();
      if (env.get("terraform") != null) {
        String main = read(Repository.path((String) env.get("terraform")).resolve("main.tf"));
        List<Cidr> vpc = List.of(Cidr.parse(terraformString(main, "vpc_cidr")));
        byKind.put("vpc", vpc);
        byKind.put("kubernetes-api", vpc);
        byKind.put(
            "endpoint", terraformList(main, "endpoint_subnets").stream().map(Cidr::parse).toList());
      }
      Map<String, List<String>> networks =
          (Map<String, List<String>>) env.getOrDefault("networks", Map.of());
      networks.forEach((kind, cidrs) -> byKind.put(kind, cidrs.stream().map(Cidr::parse).toList()));
      byKind.put("internet", EVERYWHERE);
      return new Networks(byKind);
    }

    List<Cidr> get(String kind) {
      return byKind.getOrDefault(kind, List.of());
    }

    private static String read(Path path) {
      try {
        return Files.readString(path);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private static String terraformString(String main, String name) {
      var m = Pattern.compile("\\b" + name + "\\s*=\\s*\"([^\"]+)\"").matcher(main);
      assertThat(m.find()).as("%s in the Terraform root module", name).isTrue();
      return m.group(1);
    }

    private static List<String> terraformList(String main, String name) {
      var m = Pattern.compile("\\b" + name + "\\s*=\\s*\\[([^\\]]*)\\]").matcher(main);
      assertThat(m.find()).as("%s in the Terraform root module", name).isTrue();
      return Pattern.compile("\"([^\"]+)\"")
          .matcher(m.group(1))
          .results()
          .map(r -> r.group(1))
          .toList();
    }
  }

  /** One declared destination, resolved to addresses and/or pods in one environment. */
  private record Destination(
      String name, String kind, List<String> ports, List<Cidr> cidrs, List<Pods> pods) {

    static Destination resolve(
        Map<String, Object> d,
        Networks networks,
        List<Workload> workloads,
        String namespace,
        String where,
        List<String> problems) {
      String name = (String) d.get("name");
      String kind = (String) d.get("kind");
      List<String> ports =
          ((List<?>) d.get("ports"))
              .stream().map(p -> p.toString().contains("/") ? p.toString() : "TCP/" + p).toList();
      List<Cidr> cidrs = new ArrayList<>();
      List<Pods> pods = new ArrayList<>();
      switch (kind) {
        case "aws-service" -> {
          String reach = (String) d.get("reach");
          cidrs.addAll(networks.get(reach));
        }
        case "kubernetes-api" -> cidrs.addAll(networks.get("kubernetes-api"));
        case "internet" -> cidrs.addAll(EVERYWHERE);
        case "dns" -> pods.add(new Pods("kube-system", Map.of("k8s-app", "kube-dns")));
        case "cluster-service" -> {
          Workload.find(workloads, (String) d.get("workload"))
              .ifPresent(w -> pods.add(new Pods(null, w.labels())));
          cidrs.addAll(networks.get("cluster-service"));
        }
        default -> problems.add(where + ": destination " + name + " has an unknown kind " + kind);
      }
      if (cidrs.isEmpty() && pods.isEmpty()) {
        problems.add(
            where + ": destination " + name + " (" + kind + ") has no address in this environment");
      }
      return new Destination(name, kind, ports, cidrs, pods);
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      cidrs.forEach(c -> parts.add(c.text()));
      pods.forEach(
          p ->
              parts.add(
                  (p.namespace() == null ? "" : p.namespace() + "/")
                      + "pods "
                      + new java.util.TreeMap<>(p.labels())));
      return String.join(", ", parts);
    }
  }

  /** An IPv4 CIDR block. */
  record Cidr(String text, long first, long last) {

    static Cidr parse(String text) {
      String[] parts = text.split("/");
      String[] octets = parts[0].split("\\.");
      if (octets.length != 4) {
        throw new IllegalArgumentException("only IPv4 blocks are supported: " + text);
      }
      long address = 0;
      for (String octet : octets) {
        address = address << 8 | Integer.parseInt(octet);
      }
      int bits = Integer.parseInt(parts[1]);
      long size = 1L << (32 - bits);
      long first = address & ~(size - 1) & 0xFFFFFFFFL;
      return new Cidr(text, first, first + size - 1);
    }

    Range range() {
      return new Range(first, last);
    }

    record Range(long first, long last) {

      /** What of {@code from} no range of {@code minus} covers. */
      static List<Range> subtract(List<Range> from, List<Range> minus) {
        List<Range> left = new ArrayList<>(from);
        for (Range m : minus) {
          List<Range> next = new ArrayList<>();
          for (Range r : left) {
            if (m.last < r.first || m.first > r.last) {
              next.add(r);
              continue;
            }
            if (r.first < m.first) {
              next.add(new Range(r.first, m.first - 1));
            }
            if (r.last > m.last) {
              next.add(new Range(m.last + 1, r.last));
            }
          }
          left = next;
        }
        left.sort(Comparator.comparingLong(Range::first));
        return left;
      }
    }
  }
}
