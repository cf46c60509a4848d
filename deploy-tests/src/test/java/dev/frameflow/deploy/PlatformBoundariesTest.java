package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.videojob.MetadataKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The platform's security boundaries, read from what would be deployed: the api-gateway reached
 * only from the load balancer's subnets, forwarded headers believed only from there, mail over
 * STARTTLS, PostgreSQL verified against the shipped CA, a broker login per service, and the
 * operator held to extraction Jobs by a ValidatingAdmissionPolicy. Values that come from Terraform
 * are compared with the Terraform code, so the two cannot drift apart.
 */
class PlatformBoundariesTest {

  private static Manifests overlay(String env) {
    return Kustomize.build(KustomizeOverlaysTest.overlay(env));
  }

  private static final Manifests CHART_PROD =
      HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.PROD_VALUES);

  // --- Terraform, as far as the manifests must agree with it ----------------------------------

  /**
   * The ALB's subnets: terraform/modules/network's public_subnets (cidrsubnet(var.cidr, 8, 48 + i),
   * i = 0..2) of the environment's vpc_cidr.
   */
  static List<String> loadBalancerSubnets(String env) {
    String network = read("terraform/modules/network/main.tf");
    Matcher subnets =
        Pattern.compile(
                "public_subnets\\s*=\\s*\\[for i in range\\((\\d+)\\) : cidrsubnet\\(var\\.cidr, (\\d+), (\\d+) \\+ i\\)\\]")
            .matcher(network);
    assertThat(subnets.find()).as("public_subnets in modules/network").isTrue();
    Matcher vpc =
        Pattern.compile("vpc_cidr\\s*=\\s*\"(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)/(\\d+)\"")
            .matcher(read("terraform/environments/" + env + "/main.tf"));
    assertThat(vpc.find()).as("vpc_cidr of " + env).isTrue();
    long base = 0;
    for (int i = 1; i <= 4; i++) {
      base = (base << 8) | Long.parseLong(vpc.group(i));
    }
    int prefix = Integer.parseInt(vpc.group(5)) + Integer.parseInt(subnets.group(2));
    List<String> cidrs = new ArrayList<>();
    for (int i = 0; i < Integer.parseInt(subnets.group(1)); i++) {
      long address = base | ((long) (Integer.parseInt(subnets.group(3)) + i) << (32 - prefix));
      cidrs.add(
          String.format(
              "%d.%d.%d.%d/%d",
              address >> 24 & 255, address >> 16 & 255, address >> 8 & 255, address & 255, prefix));
    }
    return cidrs;
  }

  /** The query string of Terraform's datasource_url output (modules/database). */
  private static String terraformDatasourceQuery() {
    Matcher url =
        Pattern.compile(
                "jdbc:postgresql://\\$\\{module\\.rds\\.db_instance_address\\}[^?]*\\?([^\"]+)\"")
            .matcher(read("terraform/modules/database/outputs.tf"));
    assertThat(url.find()).as("jdbc_url output with the instance address").isTrue();
    return url.group(1);
  }

  // --- the api-gateway's network boundary -------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void theApiGatewayAdmitsOnlyTheLoadBalancerSubnetsAndMonitoring(String env) {
    List<NetworkPolicyPeer> from = gatewayPeers(overlay(env));

    assertThat(from)
        .filteredOn(p -> p.getIpBlock() != null)
        .extracting(p -> p.getIpBlock().getCidr())
        .containsExactlyElementsOf(loadBalancerSubnets(env));
    assertThat(from)
        .filteredOn(p -> p.getIpBlock() == null)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPodSelector()).isNull();
              assertThat(p.getNamespaceSelector().getMatchLabels())
                  .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
            });
  }

  @Test
  void theChartsProductionValuesAdmitTheSameSubnets() {
    assertThat(gatewayPeers(CHART_PROD))
        .filteredOn(p -> p.getIpBlock() != null)
        .extracting(p -> p.getIpBlock().getCidr())
        .containsExactlyElementsOf(loadBalancerSubnets("prod"));
  }

  private static List<NetworkPolicyPeer> gatewayPeers(Manifests manifests) {
    NetworkPolicy policy = manifests.one(NetworkPolicy.class, "frameflow-api-gateway");
    assertThat(policy.getSpec().getIngress()).hasSize(1);
    return policy.getSpec().getIngress().get(0).getFrom();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void forwardedHeadersAreBelievedOnlyFromTheLoadBalancer(String env) {
    assertTrustsOnlyTheLoadBalancer(
        KustomizeOverlaysTest.configOf(overlay(env), "frameflow-api-gateway"), env);
  }

  @Test
  void theChartTrustsTheSameProxiesInProduction() {
    assertTrustsOnlyTheLoadBalancer(
        CHART_PROD.one(ConfigMap.class, "frameflow-api-gateway").getData(), "prod");
  }

  /** Tomcat's RemoteIpValve matches the peer's address against internal-proxies in full. */
  private static void assertTrustsOnlyTheLoadBalancer(Map<String, String> config, String env) {
    assertThat(config).containsEntry("SERVER_FORWARD_HEADERS_STRATEGY", "native");
    Pattern proxies = Pattern.compile(config.get("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES"));
    for (String subnet : loadBalancerSubnets(env)) {
      String network = subnet.substring(0, subnet.lastIndexOf('.'));
      assertThat(proxies.matcher(network + ".4").matches()).as(network + ".4").isTrue();
      assertThat(proxies.matcher(network + ".254").matches()).as(network + ".254").isTrue();
    }
    String vpc = loadBalancerSubnets(env).get(0).replaceAll("\\.\\d+\\.\\d+/\\d+$", "");
    for (String other :
        List.of(vpc + ".0.17", vpc + ".16.5", vpc + ".51.9", vpc + ".48.9.1", "127.0.0.1")) {
      assertThat(proxies.matcher(other).matches())
          .as("%s is not the load balancer", other)
          .isFalse();
    }
  }

  // --- mail and database TLS
  // ----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void mailToSesRequiresStartTls(String env) {
    assertStartTlsRequired(KustomizeOverlaysTest.configOf(overlay(env), "frameflow-api-gateway"));
  }

  @Test
  void theChartRequiresStartTlsWhereverAMailHostIsSet() {
    assertStartTlsRequired(CHART_PROD.one(ConfigMap.class, "frameflow-api-gateway").getData());
    Map<String, String> kind =
        HelmCharts.template("frameflow", Map.of(), FrameflowChartTest.KIND_VALUES)
            .one(ConfigMap.class, "frameflow-api-gateway")
            .getData();
    assertThat(kind)
        .as("Mailpit on kind")
        .doesNotContainKey("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_REQUIRED");
  }

  private static void assertStartTlsRequired(Map<String, String> config) {
    assertThat(config).containsEntry("SPRING_MAIL_HOST", "email-smtp.eu-west-1.amazonaws.com");
    assertThat(config).containsEntry("SPRING_MAIL_PORT", "587");
    assertThat(config).containsEntry("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_ENABLE", "true");
    assertThat(config).containsEntry("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_REQUIRED", "true");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void postgresqlIsVerifiedAtTheRdsInstanceEndpointAsTerraformSays(String env) {
    assertVerifiedRdsInstance(
        KustomizeOverlaysTest.configOf(overlay(env), "frameflow-api-gateway")
            .get("SPRING_DATASOURCE_URL"),
        env);
  }

  @Test
  void theChartsProductionDatasourceIsVerifiedTheSameWay() {
    assertVerifiedRdsInstance(
        CHART_PROD
            .one(ConfigMap.class, "frameflow-api-gateway")
            .getData()
            .get("SPRING_DATASOURCE_URL"),
        "prod");
  }

  private static void assertVerifiedRdsInstance(String url, String env) {
    Matcher parts =
        Pattern.compile("jdbc:postgresql://([^:/]+):5432/frameflow\\?(.+)").matcher(url);
    assertThat(parts.matches()).as(url).isTrue();
    // <identifier>.<id>.<region>.rds.amazonaws.com: a single instance, not "<id>.cluster-<id>..."
    assertThat(parts.group(1))
        .matches("frameflow-" + env + "\\.[a-z0-9]{12}\\.eu-west-1\\.rds\\.amazonaws\\.com")
        .doesNotContain("cluster-");
    assertThat(parts.group(2)).isEqualTo(terraformDatasourceQuery());
    assertThat(parts.group(2)).contains("sslmode=verify-full");
    String bundle = parts.group(2).replaceAll(".*sslrootcert=([^&]+).*", "$1");
    assertThat(read("api-gateway/Dockerfile"))
        .as("the api-gateway image ships the CA bundle at " + bundle)
        .containsPattern(
            "(?m)^ADD (--chmod=0444 )?https://truststore\\.pki\\.rds\\.amazonaws\\.com/global/global-bundle\\.pem "
                + Pattern.quote(bundle)
                + "$");
  }

  // --- the broker: a login per service
  // ------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"kind", "dev", "prod"})
  void eachServiceLogsInToTheBrokerWithItsOwnSecret(String env) {
    Manifests manifests = overlay(env);
    assertThat(brokerSecret(manifests, "frameflow-api-gateway"))
        .isEqualTo("frameflow-rabbitmq-api-gateway");
    assertThat(brokerSecret(manifests, "frameflow-operator"))
        .isEqualTo("frameflow-rabbitmq-operator");
    if (!env.equals("kind")) {
      for (String service : List.of("api-gateway", "operator")) {
        HasMetadata external = manifests.one("ExternalSecret", "frameflow-rabbitmq-" + service);
        assertThat(Serialization.asYaml(external))
            .contains("frameflow/" + env + "/rabbitmq-" + service);
      }
      assertThat(manifests.ofKind("ExternalSecret"))
          .extracting(o -> o.getMetadata().getName())
          .doesNotContain("frameflow-rabbitmq");
    }
  }

  @Test
  void theChartGivesEachServiceItsOwnBrokerSecret() {
    for (Manifests chart : List.of(FrameflowChartTest.defaults(), CHART_PROD)) {
      assertThat(brokerSecret(chart, "frameflow-api-gateway"))
          .isEqualTo("frameflow-rabbitmq-api-gateway");
      assertThat(brokerSecret(chart, "frameflow-operator"))
          .isEqualTo("frameflow-rabbitmq-operator");
    }
  }

  private static String brokerSecret(Manifests manifests, String deployment) {
    List<EnvVar> env = KustomizeOverlaysTest.container(manifests, deployment).getEnv();
    String user = secretOf(env, "SPRING_RABBITMQ_USERNAME");
    assertThat(secretOf(env, "SPRING_RABBITMQ_PASSWORD")).isEqualTo(user);
    return user;
  }

  private static String secretOf(List<EnvVar> env, String name) {
    return env.stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getValueFrom()
        .getSecretKeyRef()
        .getName();
  }

  @Test
  @SuppressWarnings("unchecked")
  void onKindTheBrokerGrantsEachUserWhatTerraformGrantsOnAmazonMq() throws IOException {
    Map<String, Object> definitions =
        Serialization.unmarshal(
            read("kustomize/overlays/kind/infra/rabbitmq/definitions.json"), Map.class);
    String terraform = read("terraform/modules/broker-users/main.tf");
    for (var service : Map.of("API_GATEWAY", "api_gateway", "OPERATOR", "operator").entrySet()) {
      String user = "@" + service.getKey() + "_USERNAME@";
      Map<String, String> permissions =
          forUser((List<Map<String, String>>) definitions.get("permissions"), user);
      Map<String, String> topic =
          forUser((List<Map<String, String>>) definitions.get("topic_permissions"), user);
      String grant = block(terraform, "rabbitmq_permissions", service.getValue());
      String topicGrant = block(terraform, "rabbitmq_topic_permissions", service.getValue());
      for (String kind : List.of("configure", "write", "read")) {
        assertThat(permissions.get(kind)).as(user + " " + kind).isEqualTo(hclString(grant, kind));
      }
      assertThat(topic.get("exchange")).isEqualTo("frameflow.events");
      assertThat(topic.get("write")).isEqualTo(hclString(topicGrant, "write"));
      assertThat(topic.get("read")).isEqualTo(hclString(topicGrant, "read"));
    }
    Map<String, String> gatewayTopic =
        forUser(
            (List<Map<String, String>>) definitions.get("topic_permissions"),
            "@API_GATEWAY_USERNAME@");
    assertThat("video.status").doesNotMatch(gatewayTopic.get("write"));
    assertThat("video.uploaded").matches(gatewayTopic.get("write"));

    // the init container fills every placeholder from a Secret, and RabbitMQ loads the result
    Manifests kind = overlay("kind");
    PodSpec rabbitmq = kind.one(Deployment.class, "rabbitmq").getSpec().getTemplate().getSpec();
    assertThat(rabbitmq.getInitContainers().get(0).getEnv())
        .extracting(e -> e.getValueFrom().getSecretKeyRef().getName())
        .containsOnly(
            "frameflow-rabbitmq", "frameflow-rabbitmq-api-gateway", "frameflow-rabbitmq-operator");
    assertThat(String.join(" ", rabbitmq.getInitContainers().get(0).getArgs()))
        .contains("> /etc/rabbitmq/definitions/definitions.json");
    assertThat(read("kustomize/overlays/kind/infra/rabbitmq/frameflow.conf"))
        .contains("load_definitions = /etc/rabbitmq/definitions/definitions.json");
  }

  private static Map<String, String> forUser(List<Map<String, String>> entries, String user) {
    return entries.stream().filter(e -> e.get("user").equals(user)).findFirst().orElseThrow();
  }

  private static String block(String hcl, String type, String name) {
    int start = hcl.indexOf("resource \"" + type + "\" \"" + name + "\"");
    assertThat(start).as(type + "." + name).isNotNegative();
    return hcl.substring(start, hcl.indexOf("\n}\n", start));
  }

  /** An HCL string attribute's value (HCL escapes a backslash as two). */
  private static String hclString(String block, String attribute) {
    Matcher m = Pattern.compile("\\b" + attribute + "\\s*=\\s*\"(.*)\"").matcher(block);
    assertThat(m.find()).as(attribute).isTrue();
    return m.group(1).replace("\\\\", "\\");
  }

  // --- the operator held to extraction Jobs
  // -------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"kind", "dev", "prod"})
  void anAdmissionPolicyHoldsTheOperatorToExtractionJobs(String env) {
    assertAdmissionPolicy(overlay(env), "frameflow", "frameflow-operator-jobs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"values.yaml", "values-prod.yaml", "values-kind.yaml"})
  void theChartRendersTheSameAdmissionPolicy(String values) {
    assertAdmissionPolicy(
        HelmCharts.template("frameflow", Map.of(), HelmCharts.chart("frameflow").resolve(values)),
        "frameflow",
        "frameflow-frameflow-operator-jobs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kind", "dev", "prod"})
  void theOperatorsConfigMapRightsAreHeldToItsCancelTombstones(String env) {
    assertTombstonePolicy(
        overlay(env), "frameflow", "frameflow-operator-configmaps", "frameflow-operator-jobs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"values.yaml", "values-prod.yaml", "values-kind.yaml"})
  void theChartHoldsTheOperatorsConfigMapRightsTheSameWay(String values) {
    assertTombstonePolicy(
        HelmCharts.template("frameflow", Map.of(), HelmCharts.chart("frameflow").resolve(values)),
        "frameflow",
        "frameflow-frameflow-operator-jobs-configmaps",
        "frameflow-frameflow-operator-jobs");
  }

  /**
   * The Role grants ConfigMap create/delete for the tombstones; without this policy the operator
   * could rewrite the job policy's own parameters.
   */
  @SuppressWarnings("unchecked")
  private static void assertTombstonePolicy(
      Manifests manifests, String namespace, String name, String jobsPolicy) {
    Map<String, Object> policy = asMap(manifests.one("ValidatingAdmissionPolicy", name));
    Map<String, Object> binding = asMap(manifests.one("ValidatingAdmissionPolicyBinding", name));
    Map<String, Object> spec = (Map<String, Object>) policy.get("spec");
    assertThat(spec.get("failurePolicy")).isEqualTo("Fail");
    assertThat(Serialization.asYaml(spec.get("matchConstraints")))
        .contains("configmaps", "CREATE", "UPDATE", "DELETE");
    String operatorAccount =
        manifests
            .one(Deployment.class, "frameflow-operator")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getServiceAccountName();
    assertThat((List<Map<String, String>>) spec.get("matchConditions"))
        .singleElement()
        .extracting(c -> c.get("expression"))
        .isEqualTo(
            "request.userInfo.username == 'system:serviceaccount:"
                + namespace
                + ":"
                + operatorAccount
                + "'");
    Map<String, Object> bindingSpec = (Map<String, Object>) binding.get("spec");
    assertThat(bindingSpec.get("policyName")).isEqualTo(name);
    assertThat((List<String>) bindingSpec.get("validationActions")).containsExactly("Deny");
    assertThat(Serialization.asYaml(bindingSpec.get("matchResources"))).contains(namespace);

    List<String> rules =
        ((List<Map<String, String>>) spec.get("validations"))
            .stream().map(v -> v.get("expression")).toList();
    rules.forEach(Cel::assertWellFormed);
    // the names and the label the operator gives its tombstones, nothing else
    assertThat(rules)
        .anySatisfy(r -> assertThat(r).contains(".metadata.name.startsWith('cancelled-')"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains(
                        "object.metadata.labels['"
                            + MetadataKeys.TOMBSTONE
                            + "'] == '"
                            + MetadataKeys.TOMBSTONE_CANCELLED
                            + "'"));
    // the job policy's parameters are not a tombstone
    Map<String, Object> jobsBinding =
        (Map<String, Object>)
            asMap(manifests.one("ValidatingAdmissionPolicyBinding", jobsPolicy)).get("spec");
    String parameters = (String) ((Map<String, Object>) jobsBinding.get("paramRef")).get("name");
    assertThat(parameters).doesNotStartWith("cancelled-");
  }

  @SuppressWarnings("unchecked")
  private static void assertAdmissionPolicy(Manifests manifests, String namespace, String name) {
    Map<String, Object> policy = asMap(manifests.one("ValidatingAdmissionPolicy", name));
    Map<String, Object> binding = asMap(manifests.one("ValidatingAdmissionPolicyBinding", name));
    assertThat(policy.get("apiVersion")).isEqualTo("admissionregistration.k8s.io/v1");
    Map<String, Object> spec = (Map<String, Object>) policy.get("spec");
    assertThat(spec.get("failurePolicy")).isEqualTo("Fail");
    assertThat(Serialization.asYaml(spec.get("matchConstraints")))
        .contains("batch", "jobs", "CREATE");

    // whom it applies to: exactly the operator Deployment's ServiceAccount
    String operatorAccount =
        manifests
            .one(Deployment.class, "frameflow-operator")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getServiceAccountName();
    List<Map<String, String>> conditions = (List<Map<String, String>>) spec.get("matchConditions");
    assertThat(conditions)
        .singleElement()
        .extracting(c -> c.get("expression"))
        .isEqualTo(
            "request.userInfo.username == 'system:serviceaccount:"
                + namespace
                + ":"
                + operatorAccount
                + "'");

    // its parameters: the extractor's repository and ServiceAccount, as the operator is configured
    Map<String, Object> paramRef =
        (Map<String, Object>) ((Map<String, Object>) binding.get("spec")).get("paramRef");
    assertThat(paramRef.get("parameterNotFoundAction")).isEqualTo("Deny");
    assertThat(((Map<String, Object>) binding.get("spec")).get("policyName")).isEqualTo(name);
    assertThat((List<String>) ((Map<String, Object>) binding.get("spec")).get("validationActions"))
        .containsExactly("Deny");
    Map<String, String> params =
        manifests.one(ConfigMap.class, (String) paramRef.get("name")).getData();
    Map<String, String> operatorConfig = operatorConfig(manifests);
    String extractorImage = operatorConfig.get("FRAMEFLOW_OPERATOR_EXTRACTOR_IMAGE");
    assertThat(extractorImage).startsWith(params.get("extractorRepository") + ":");
    assertThat(params.get("extractorRepository")).doesNotContain(":");
    assertThat(params.get("extractorServiceAccount"))
        .isEqualTo(operatorConfig.get("FRAMEFLOW_OPERATOR_JOB_SERVICE_ACCOUNT"));
    manifests.one(ServiceAccount.class, params.get("extractorServiceAccount"));

    // the rules, each a well-formed CEL expression over object/params/variables only
    List<String> rules = new ArrayList<>();
    ((List<Map<String, String>>) spec.get("variables"))
        .forEach(v -> rules.add(v.get("expression")));
    ((List<Map<String, String>>) spec.get("validations"))
        .forEach(v -> rules.add(v.get("expression")));
    rules.forEach(Cel::assertWellFormed);
    assertThat(rules)
        .contains(
            "variables.pod.containers.all(c, c.image.startsWith(variables.repository + ':') || c.image.startsWith(variables.repository + '@'))",
            "has(variables.pod.serviceAccountName) && variables.pod.serviceAccountName == params.data.extractorServiceAccount",
            "size(variables.pod.containers) == 1 && !has(variables.pod.initContainers) && !has(variables.pod.ephemeralContainers)");
    assertThat(rules).contains("object.spec.template.spec", "params.data.extractorRepository");

    // the emptyDir volumes it allows are exactly those of the Job the operator builds with this
    // configuration; the only other volume is the pod's projected token for the operator
    String volumesRule =
        rules.stream()
            .filter(r -> r.contains("variables.pod.volumes.all(") && r.contains("emptyDir"))
            .findFirst()
            .orElseThrow();
    Job job = ExtractionJobPodSecurityTest.buildJob(operatorConfig);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(Cel.stringList(volumesRule))
        .containsExactlyInAnyOrderElementsOf(
            pod.getVolumes().stream()
                .filter(v -> v.getEmptyDir() != null)
                .map(v -> v.getName())
                .toList());
    assertThat(volumesRule)
        .contains("has(v.emptyDir)")
        .contains("v.name == '" + OperatorToken.VOLUME + "' && has(v.projected)")
        .doesNotContain("v.secret");
    assertThat(rules)
        .as("a rule on the token's one source, audience and lifetime")
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains(
                        "size(v.projected.sources) == 1",
                        "has(s.serviceAccountToken)",
                        "s.serviceAccountToken.audience == variables.audience",
                        "s.serviceAccountToken.expirationSeconds <= 3600"))
        .as("a rule against Secrets (and any other valueFrom or envFrom) in the environment")
        .anySatisfy(r -> assertThat(r).contains("!has(e.valueFrom)", "!has(c.envFrom)"));
    assertThat(rules).contains("params.data.accessAudience");
    // the audience the policy admits is the one the operator checks tokens against
    assertThat(params.get("accessAudience"))
        .isNotBlank()
        .isEqualTo(operatorConfig.get("FRAMEFLOW_OPERATOR_ACCESS_AUDIENCE"));
    assertThat(pod.getContainers())
        .singleElement()
        .extracting(c -> c.getImage())
        .asString()
        .startsWith(params.get("extractorRepository") + ":");
    assertThat(pod.getServiceAccountName()).isEqualTo(params.get("extractorServiceAccount"));
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();

    // the probe Job (the source's duration, before a video's slices are planned) is held by the
    // same rules: same image and ServiceAccount, no API token, the same emptyDirs
    Job probe = ExtractionJobPodSecurityTest.buildProbeJob(operatorConfig);
    PodSpec probePod = probe.getSpec().getTemplate().getSpec();
    assertThat(probe.getMetadata().getName()).startsWith("probe-");
    assertThat(probePod.getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getImage()).startsWith(params.get("extractorRepository") + ":");
              assertThat(c.getArgs()).startsWith("probe");
            });
    assertThat(probePod.getServiceAccountName()).isEqualTo(params.get("extractorServiceAccount"));
    assertThat(probePod.getAutomountServiceAccountToken()).isFalse();
    assertThat(probePod.getInitContainers()).isNullOrEmpty();
    assertThat(probePod.getVolumes())
        .filteredOn(v -> v.getEmptyDir() != null)
        .isNotEmpty()
        .allSatisfy(v -> assertThat(Cel.stringList(volumesRule)).contains(v.getName()));
  }

  static Map<String, String> operatorConfig(Manifests manifests) {
    Map<String, String> config =
        new java.util.HashMap<>(
            manifests.all(ConfigMap.class).stream()
                .filter(
                    cm -> cm.getMetadata().getName().matches("frameflow-operator(-[a-z0-9]{10})?"))
                .findFirst()
                .orElseThrow()
                .getData());
    KustomizeOverlaysTest.container(manifests, "frameflow-operator").getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> config.put(e.getName(), e.getValue()));
    return config;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(HasMetadata object) {
    return Serialization.unmarshal(Serialization.asYaml(object), Map.class);
  }

  // --- two releases in one namespace ------------------------------------------------------------

  @Test
  void twoReleasesOfTheChartShareANamespaceWithoutSharingAnObject() {
    Manifests a = HelmCharts.template("frameflow", Map.of("fullnameOverride", "frameflow-a"));
    Manifests b = HelmCharts.template("frameflow", Map.of("fullnameOverride", "frameflow-b"));

    List<String> namesA = a.all().stream().map(PlatformBoundariesTest::id).toList();
    List<String> namesB = b.all().stream().map(PlatformBoundariesTest::id).toList();
    assertThat(namesA).isNotEmpty().doesNotContainAnyElementsOf(namesB);
    assertThat(namesA)
        .contains("Deployment/frameflow-a-api-gateway", "ServiceAccount/frameflow-a-extractor");
    // each operator uses its own ServiceAccount for Jobs and its own Lease
    Map<String, String> config = a.one(ConfigMap.class, "frameflow-a-operator").getData();
    assertThat(config)
        .containsEntry("FRAMEFLOW_OPERATOR_JOB_SERVICE_ACCOUNT", "frameflow-a-extractor")
        .containsEntry("FRAMEFLOW_OPERATOR_LEASE_NAME", "frameflow-a-operator");
    assertThat(
            a.one(Deployment.class, "frameflow-a-operator")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("frameflow-a-operator");
  }

  private static String id(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  static String read(String path) {
    try {
      return Files.readString(Repository.path(path));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
