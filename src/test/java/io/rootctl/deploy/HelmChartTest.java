package io.rootctl.deploy;

import static io.rootctl.deploy.Chart.REQUIRED;
import static io.rootctl.deploy.Chart.at;
import static io.rootctl.deploy.Chart.list;
import static io.rootctl.deploy.Chart.map;
import static io.rootctl.deploy.Chart.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** charts/rootctl rendered by Helm itself: lint, schema, and the manifests it produces. */
class HelmChartTest {

  static Stream<Path> exampleValuesFiles() throws IOException {
    try (var files = Files.list(Chart.EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  /** Every values file a user or CI may start from: examples/ and ci/. */
  static Stream<Path> valuesFiles() {
    try (var examples = Files.list(Chart.EXAMPLES);
        var ci = Files.list(Chart.CI)) {
      return Stream.concat(examples, ci)
          .filter(p -> p.toString().endsWith("-values.yaml"))
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- helm lint ---------------------------------------------------------------------------

  @Test
  void ciFolderHoldsValuesFilesOnly() throws IOException {
    try (var files = Files.list(Chart.CI)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("chart-testing reads ci/*-values.yaml")
          .isNotEmpty()
          .allMatch(n -> n.endsWith("-values.yaml"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesFiles")
  void lintPassesWithEachExampleAsTheChartValues(Path example, @TempDir Path tmp)
      throws IOException {
    Path copy = copyChartWithValues(tmp, example);

    var result = new Helm(copy).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @Test
  void lintOfTheShippedValuesFailsOnlyBecauseTheGitRepoMustBeChosen() {
    var result = new Helm(Chart.DIR).lint().call();

    var text = String.join("\n", result.getMessages());
    assertThat(result.isFailed()).as(text).isTrue();
    var failingFields =
        Pattern.compile("at '(/[^']*)'").matcher(text).results().map(m -> m.group(1)).distinct();
    assertThat(failingFields)
        .as("the only problem with the defaults is the empty gitSync.repo: %s", text)
        .containsExactlyInAnyOrder("/gitSync", "/gitSync/repo");
  }

  // --- helm template: defaults and examples ---------------------------------------------------

  @Test
  void defaultValuesRenderTheCoreObjectsOnly() {
    var chart = Chart.render(REQUIRED);

    assertThat(chart.kinds()).containsExactly("Deployment", "Service", "ServiceAccount");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleValuesFiles")
  void eachExampleRendersAHardenedSingleControllerWithGitSync(Path example) {
    var chart = Chart.render(Map.of(), example);

    assertThat(chart.deployment()).isNotNull();
    assertHardened(chart);
    assertThat(chart.findContainer("git-sync")).as("%s uses git-sync", example).isPresent();
    assertThat(at(chart.get("ServiceAccount"), "metadata.annotations"))
        .as("%s gives the pod an IRSA role", example)
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsKey("eks.amazonaws.com/role-arn");
  }

  @Test
  void eksExampleTurnsOnEveryOptionalObject() {
    var chart = Chart.render(Map.of(), Chart.EXAMPLES.resolve("eks-irsa-values.yaml"));

    assertThat(chart.kinds())
        .containsExactly(
            "ConfigMap",
            "Deployment",
            "NetworkPolicy",
            "PrometheusRule",
            "Service",
            "ServiceAccount",
            "ServiceMonitor");
    assertThat(at(chart.get("ServiceMonitor"), "metadata.labels.release"))
        .isEqualTo("kube-prometheus-stack");
  }

  // --- deployment shape ---------------------------------------------------------------------

  @Test
  void deploymentRunsExactlyOneControllerAndNeverTwoAtOnce() {
    var deployment = Chart.render(REQUIRED).deployment();

    assertThat(at(deployment, "spec.replicas")).isEqualTo(1);
    assertThat(at(deployment, "spec.strategy.type")).isEqualTo("Recreate");
    assertThat(at(deployment, "spec.strategy.rollingUpdate")).isNull();
  }

  @Test
  void podAndBothContainersAreHardened() {
    assertHardened(Chart.render(REQUIRED));
  }

  private static void assertHardened(Chart chart) {
    var pod = map(chart.podSpec().get("securityContext"));
    assertThat(pod)
        .containsEntry("runAsNonRoot", true)
        .containsEntry("runAsUser", 65532)
        .containsEntry("fsGroup", 65532);
    assertThat(at(pod, "seccompProfile.type")).isEqualTo("RuntimeDefault");
    for (String name : List.of("controller", "git-sync")) {
      var container = chart.container(name);
      var sc = map(container.get("securityContext"));
      assertThat(sc)
          .as("%s securityContext", name)
          .containsEntry("runAsNonRoot", true)
          .containsEntry("readOnlyRootFilesystem", true)
          .containsEntry("allowPrivilegeEscalation", false)
          .containsKey("runAsUser");
      assertThat(at(sc, "capabilities.drop")).as("%s drops", name).isEqualTo(List.of("ALL"));
      assertThat(at(sc, "seccompProfile.type")).as(name).isEqualTo("RuntimeDefault");
      assertThat(map(at(container, "resources.requests")))
          .as("%s requests", name)
          .containsKeys("cpu", "memory");
      assertThat(map(at(container, "resources.limits")))
          .as("%s limits", name)
          .containsKeys("cpu", "memory");
    }
    assertThat(at(chart.container("controller"), "securityContext.runAsUser")).isEqualTo(65532);
  }

  @Test
  void probesHitHealthzAndReadyzOnTheHttpPort() {
    var chart = Chart.render(with(REQUIRED, "controller.port", 9090));
    var controller = chart.container("controller");

    assertThat(at(controller, "livenessProbe.httpGet.path")).isEqualTo("/healthz");
    assertThat(at(controller, "livenessProbe.httpGet.port")).isEqualTo("http");
    assertThat(at(controller, "readinessProbe.httpGet.path")).isEqualTo("/readyz");
    assertThat(at(controller, "readinessProbe.httpGet.port")).isEqualTo("http");
    var port = map(list(controller.get("ports")).getFirst());
    assertThat(port).containsEntry("name", "http").containsEntry("containerPort", 9090);
    assertThat(chart.controllerArgs()).containsSequence("--listen", "0.0.0.0:9090");
    assertThat(at(chart.get("Service"), "spec.ports"))
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .singleElement()
        .satisfies(p -> assertThat(map(p)).containsEntry("targetPort", "http"));
  }

  @Test
  void jvmGetsAWritableTmpOnAReadOnlyRootFilesystem() {
    var chart = Chart.render(REQUIRED);

    assertThat(mounts(chart.container("controller"))).containsEntry("/tmp", "tmp");
    assertThat(volume(chart, "tmp")).containsKey("emptyDir");
  }

  // --- git-sync sidecar -----------------------------------------------------------------------

  @Test
  void gitSyncSharesItsCheckoutWithTheControllerThroughAnEmptyDir() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "gitSync.ref",
                "release",
                "gitSync.path",
                "org/aws",
                "gitSync.period",
                "30s"));
    var gitSync = chart.container("git-sync");
    var args = list(gitSync.get("args"));

    assertThat(gitSync.get("image"))
        .asString()
        .matches("registry\\.k8s\\.io/git-sync/git-sync:v4\\.\\d+\\.\\d+");
    assertThat(args)
        .contains(
            "--repo=https://git.example.com/org/policy.git",
            "--ref=release",
            "--period=30s",
            "--depth=1",
            "--root=/git",
            "--link=repo");
    assertThat(volume(chart, "git")).containsKey("emptyDir");
    assertThat(mounts(gitSync)).containsEntry("/git", "git");
    assertThat(mounts(chart.container("controller"))).containsEntry("/git", "git");
    assertThat(chart.controllerArgs()).containsSequence("--desired-state", "/git/repo/org/aws");
  }

  @Test
  void gitSyncUsesTheSshKeyAndKnownHostsFromTheExistingSecret() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "gitSync.auth.method",
                "ssh",
                "gitSync.auth.existingSecret",
                "git-creds"));
    var gitSync = chart.container("git-sync");

    assertThat(list(gitSync.get("args")))
        .contains(
            "--ssh-key-file=/etc/git-secret/ssh",
            "--ssh-known-hosts=true",
            "--ssh-known-hosts-file=/etc/git-secret/known_hosts");
    assertThat(mounts(gitSync)).containsEntry("/etc/git-secret", "git-secret");
    var secret = map(volume(chart, "git-secret").get("secret"));
    assertThat(secret).containsEntry("secretName", "git-creds");
    assertThat(list(secret.get("items")))
        .containsExactly(
            Map.of("key", "ssh-privatekey", "path", "ssh"),
            Map.of("key", "known_hosts", "path", "known_hosts"));
    assertThat(env(gitSync)).doesNotContainKeys("GITSYNC_USERNAME", "GITSYNC_PASSWORD");
  }

  @Test
  void gitSyncTakesHttpsCredentialsFromTheExistingSecretAsEnvironment() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "gitSync.auth.method",
                "https",
                "gitSync.auth.existingSecret",
                "git-token"));
    var env = env(chart.container("git-sync"));

    assertThat(at(map(env.get("GITSYNC_USERNAME")), "valueFrom.secretKeyRef"))
        .isEqualTo(Map.of("name", "git-token", "key", "username"));
    assertThat(at(map(env.get("GITSYNC_PASSWORD")), "valueFrom.secretKeyRef"))
        .isEqualTo(Map.of("name", "git-token", "key", "password"));
    assertThat(list(chart.container("git-sync").get("args")))
        .noneMatch(a -> a.toString().startsWith("--ssh"));
  }

  @Test
  void withoutGitSyncTheDesiredStateComesFromAConfigMap() {
    var chart =
        Chart.render(
            Map.of(
                "gitSync.enabled",
                false,
                "desiredState.files.organization\\.yaml",
                "kind: Organization"));

    assertThat(chart.findContainer("git-sync")).isEmpty();
    assertThat(chart.controllerArgs())
        .containsSequence("--desired-state", "/etc/rootctl/desired-state");
    assertThat(at(volume(chart, "desired-state"), "configMap.name"))
        .isEqualTo("rootctl-desired-state");
    assertThat(at(chart.get("ConfigMap"), "data"))
        .isEqualTo(Map.of("organization.yaml", "kind: Organization"));
  }

  // --- ServiceAccount and AWS -------------------------------------------------------------------

  @Test
  void serviceAccountCarriesTheIrsaRoleAndThePodUsesIt() {
    var arn = "arn:aws:iam::111111111111:role/rootctl-controller";
    var chart =
        Chart.render(
            with(REQUIRED, "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", arn));

    var sa = chart.get("ServiceAccount");
    assertThat(at(sa, "metadata.annotations")).isEqualTo(Map.of("eks.amazonaws.com/role-arn", arn));
    assertThat(chart.podSpec().get("serviceAccountName")).isEqualTo(at(sa, "metadata.name"));
  }

  @Test
  void awsRegionIsPassedAsFlagAndEnvironment() {
    var chart =
        Chart.render(with(REQUIRED, "aws.region", "eu-central-1", "aws.profile", "org-admin"));
    var env = env(chart.container("controller"));

    assertThat(chart.controllerArgs()).containsSequence("--region", "eu-central-1");
    assertThat(chart.controllerArgs()).containsSequence("--profile", "org-admin");
    assertThat(map(env.get("AWS_REGION"))).containsEntry("value", "eu-central-1");
    assertThat(map(env.get("AWS_PROFILE"))).containsEntry("value", "org-admin");
  }

  // --- optional objects -------------------------------------------------------------------------

  record OptionalObject(String name, String reason, String valueKey, String kind) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<OptionalObject> optionalObjects() {
    return Stream.of(
        new OptionalObject(
            "ServiceMonitor",
            "Prometheus Operator scrape",
            "serviceMonitor.enabled",
            "ServiceMonitor"),
        new OptionalObject("PrometheusRule", "alerts", "prometheusRule.enabled", "PrometheusRule"),
        new OptionalObject(
            "dashboard", "Grafana sidecar ConfigMap", "grafanaDashboard.enabled", "ConfigMap"),
        new OptionalObject(
            "NetworkPolicy", "egress lock-down", "networkPolicy.enabled", "NetworkPolicy"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optionalObjects")
  void optionalObjectIsRenderedOnlyWhenEnabled(OptionalObject c) {
    assertThat(Chart.render(with(REQUIRED, c.valueKey(), false)).find(c.kind()))
        .as("%s off: %s", c.name(), c.reason())
        .isEmpty();
    assertThat(Chart.render(with(REQUIRED, c.valueKey(), true)).find(c.kind()))
        .as("%s on: %s", c.name(), c.reason())
        .isPresent();
  }

  @Test
  void serviceMonitorScrapesTheMetricsEndpointOfTheService() {
    var chart = Chart.render(with(REQUIRED, "serviceMonitor.enabled", true));
    var sm = chart.get("ServiceMonitor");

    assertThat(sm.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
    assertThat(at(sm, "spec.selector.matchLabels"))
        .isEqualTo(at(chart.get("Service"), "spec.selector"));
    var endpoint = map(list(at(sm, "spec.endpoints")).getFirst());
    assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics");
  }

  @Test
  void dashboardConfigMapCarriesTheRepositoryDashboardForTheGrafanaSidecar() throws IOException {
    var chart =
        Chart.render(
            with(
                REQUIRED, "grafanaDashboard.enabled", true, "grafanaDashboard.folder", "Security"));
    var cm = chart.get("ConfigMap");

    assertThat(at(cm, "metadata.labels.grafana_dashboard")).isEqualTo("1");
    assertThat(at(cm, "metadata.annotations.grafana_folder")).isEqualTo("Security");
    var json = new ObjectMapper();
    assertThat(json.readTree((String) map(cm.get("data")).get("rootctl.json")))
        .isEqualTo(json.readTree(Path.of("dashboards/rootctl.json").toFile()));
  }

  @Test
  void chartCopyOfTheDashboardIsIdenticalToDashboardsRootctlJson() throws IOException {
    assertThat(Files.readString(Chart.DIR.resolve("files/rootctl.json")))
        .as("charts/rootctl/files/rootctl.json must be a copy of dashboards/rootctl.json")
        .isEqualTo(Files.readString(Path.of("dashboards/rootctl.json")));
  }

  @Test
  void chartCopyOfTheAlertRulesIsIdenticalToDeployPrometheusRules() throws IOException {
    assertThat(Files.readString(Chart.DIR.resolve("files/rootctl-rules.yaml")))
        .as(
            "charts/rootctl/files/rootctl-rules.yaml must be a copy of"
                + " deploy/prometheus/rootctl-rules.yaml")
        .isEqualTo(Files.readString(Path.of("deploy/prometheus/rootctl-rules.yaml")));
  }

  @Test
  void prometheusRuleHoldsTheRulesFileWithTheConfiguredStallThreshold() throws IOException {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "prometheusRule.enabled",
                true,
                "prometheusRule.stalledAfterSeconds",
                1800,
                "prometheusRule.ruleLabels.team",
                "platform"));
    var rendered = rulesByAlert(map(chart.get("PrometheusRule").get("spec")));
    var file =
        rulesByAlert(
            map(
                new Yaml(new LoaderOptions())
                    .load(Files.readString(Path.of("deploy/prometheus/rootctl-rules.yaml")))));

    assertThat(rendered.keySet()).isEqualTo(file.keySet());
    var stalled = String.valueOf(rendered.get("RootctlStalled").get("expr"));
    assertThat(stalled).contains("> 1800").doesNotContain("> 900");
    for (var alert : file.keySet()) {
      assertThat(map(rendered.get(alert).get("labels")))
          .as(alert)
          .containsEntry("team", "platform")
          .containsAllEntriesOf(map(file.get(alert).get("labels")));
      if (!alert.equals("RootctlStalled")) {
        assertThat(rendered.get(alert).get("expr"))
            .as(alert)
            .isEqualTo(file.get(alert).get("expr"));
        assertThat(rendered.get(alert).get("annotations"))
            .as(alert)
            .isEqualTo(file.get(alert).get("annotations"));
      }
    }
  }

  static Map<String, Map<String, Object>> rulesByAlert(Map<String, Object> spec) {
    var byAlert = new LinkedHashMap<String, Map<String, Object>>();
    for (Object group : list(spec.get("groups"))) {
      for (Object rule : list(map(group).get("rules"))) {
        byAlert.put((String) map(rule).get("alert"), map(rule));
      }
    }
    return byAlert;
  }

  @Test
  void networkPolicyAllowsOnlyDnsAwsAndGitOutAndMetricsIn() {
    var chart =
        Chart.render(with(REQUIRED, "networkPolicy.enabled", true, "networkPolicy.gitPort", 22));
    var spec = map(chart.get("NetworkPolicy").get("spec"));

    assertThat(list(spec.get("policyTypes"))).containsExactly("Ingress", "Egress");
    assertThat(list(spec.get("ingress")))
        .singleElement()
        .satisfies(
            rule ->
                assertThat(map(rule).get("ports"))
                    .isEqualTo(List.of(Map.of("port", "http", "protocol", "TCP"))));
    var egressPorts =
        list(spec.get("egress")).stream()
            .flatMap(rule -> list(map(rule).get("ports")).stream())
            .map(p -> map(p).get("port") + "/" + map(p).get("protocol"))
            .toList();
    assertThat(egressPorts).containsExactlyInAnyOrder("53/UDP", "53/TCP", "443/TCP", "22/TCP");
  }

  @Test
  void networkPolicyLetsPodIdentityCredentialsThroughOnlyWhenAsked() {
    var chart =
        Chart.render(
            with(REQUIRED, "networkPolicy.enabled", true, "networkPolicy.podIdentityAgent", true));
    var egress = list(at(chart.get("NetworkPolicy"), "spec.egress"));

    assertThat(egress)
        .anySatisfy(
            rule ->
                assertThat(map(rule).get("to"))
                    .as("the agent's IPv4 address, and its IPv6 one for IPv6 clusters")
                    .isEqualTo(
                        List.of(
                            Map.of("ipBlock", Map.of("cidr", "169.254.170.23/32")),
                            Map.of("ipBlock", Map.of("cidr", "fd00:ec2::23/128")))));
  }

  // --- extension points (issue 12) -------------------------------------------------------------

  @Test
  void imageDigestPinsTheControllerImage() {
    var digest = "sha256:" + "ab".repeat(32);
    var chart = Chart.render(with(REQUIRED, "image.tag", "1.2.3", "image.digest", digest));

    assertThat(chart.container("controller").get("image"))
        .isEqualTo("ghcr.io/rootctl/rootctl:1.2.3@" + digest);
    assertThat(Chart.render(REQUIRED).container("controller").get("image"))
        .isEqualTo("ghcr.io/rootctl/rootctl:0.1.0");
  }

  @Test
  void podSchedulingAndMetadataValuesReachThePod() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "imagePullSecrets[0].name",
                "regcred",
                "podAnnotations.example\\.com/team",
                "security",
                "podLabels.tier",
                "control",
                "priorityClassName",
                "critical",
                "nodeSelector.kubernetes\\.io/os",
                "linux",
                "tolerations[0].key",
                "dedicated",
                "tolerations[0].operator",
                "Exists",
                "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight",
                1,
                "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key",
                "zone",
                "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator",
                "Exists",
                "topologySpreadConstraints[0].maxSkew",
                1,
                "topologySpreadConstraints[0].topologyKey",
                "topology.kubernetes.io/zone",
                "topologySpreadConstraints[0].whenUnsatisfiable",
                "ScheduleAnyway"));
    var pod = chart.podSpec();
    var meta = Chart.map(at(chart.deployment(), "spec.template.metadata"));

    assertThat(pod.get("imagePullSecrets")).isEqualTo(List.of(Map.of("name", "regcred")));
    assertThat(map(meta.get("annotations"))).containsEntry("example.com/team", "security");
    assertThat(map(meta.get("labels"))).containsEntry("tier", "control");
    assertThat(pod.get("priorityClassName")).isEqualTo("critical");
    assertThat(pod.get("nodeSelector")).isEqualTo(Map.of("kubernetes.io/os", "linux"));
    assertThat(pod.get("tolerations"))
        .isEqualTo(List.of(Map.of("key", "dedicated", "operator", "Exists")));
    assertThat(at(pod, "affinity.nodeAffinity")).isNotNull();
    var spread = map(list(pod.get("topologySpreadConstraints")).getFirst());
    assertThat(spread).containsEntry("topologyKey", "topology.kubernetes.io/zone");
    assertThat(at(spread, "labelSelector.matchLabels"))
        .as("a constraint without labelSelector selects this release's pods")
        .isEqualTo(at(chart.deployment(), "spec.selector.matchLabels"));
  }

  @Test
  void extraEnvEnvFromVolumesAndContainersAreAddedNextToTheChartsOwn() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "controller.extraEnv[0].name",
                "FOO",
                "controller.extraEnv[0].value",
                "bar",
                "controller.envFrom[0].secretRef.name",
                "rootctl-env",
                "extraVolumes[0].name",
                "extra",
                "extraVolumes[0].configMap.name",
                "{{ .Release.Name }}-extra",
                "controller.extraVolumeMounts[0].name",
                "extra",
                "controller.extraVolumeMounts[0].mountPath",
                "/etc/extra",
                "extraContainers[0].name",
                "shipper",
                "extraContainers[0].image",
                "example.com/shipper:1"));
    var controller = chart.container("controller");

    assertThat(env(controller)).containsKeys("AWS_REGION", "JAVA_TOOL_OPTIONS", "FOO");
    assertThat(controller.get("envFrom"))
        .isEqualTo(List.of(Map.of("secretRef", Map.of("name", "rootctl-env"))));
    assertThat(mounts(controller))
        .containsEntry("/tmp", "tmp")
        .containsEntry("/etc/extra", "extra");
    assertThat(at(volume(chart, "extra"), "configMap.name"))
        .as("extraVolumes are templated")
        .isEqualTo("rootctl-extra");
    assertThat(volume(chart, "tmp")).containsKey("emptyDir");
    assertThat(chart.container("shipper")).containsEntry("image", "example.com/shipper:1");
    assertThat(chart.container("git-sync")).isNotNull();
  }

  @Test
  void extraObjectsAreRenderedThroughTplAsObjectsOrStrings() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "extraObjects[0].apiVersion",
                "v1",
                "extraObjects[0].kind",
                "Secret",
                "extraObjects[0].metadata.name",
                "{{ include \"rootctl.fullname\" . }}-extra",
                "extraObjects[1]",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n"));

    assertThat(at(chart.get("Secret"), "metadata.name")).isEqualTo("rootctl-extra");
    assertThat(at(chart.get("ConfigMap"), "metadata.name")).isEqualTo("rootctl-cm");
  }

  @Test
  void serviceMonitorTakesNamespaceLabelsIntervalAndRelabelings() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "serviceMonitor.enabled",
                true,
                "serviceMonitor.namespace",
                "monitoring",
                "serviceMonitor.labels.release",
                "kube-prometheus-stack",
                "serviceMonitor.interval",
                "1m",
                "serviceMonitor.relabelings[0].targetLabel",
                "org",
                "serviceMonitor.relabelings[0].replacement",
                "o-example",
                "serviceMonitor.metricRelabelings[0].action",
                "drop",
                "serviceMonitor.metricRelabelings[0].sourceLabels[0]",
                "__name__",
                "serviceMonitor.metricRelabelings[0].regex",
                "jvm_gc_.*"));
    var sm = chart.get("ServiceMonitor");
    var endpoint = map(list(at(sm, "spec.endpoints")).getFirst());

    assertThat(at(sm, "metadata.namespace")).isEqualTo("monitoring");
    assertThat(at(sm, "metadata.labels.release")).isEqualTo("kube-prometheus-stack");
    assertThat(at(sm, "spec.namespaceSelector.matchNames"))
        .as("it still scrapes the Service in the release namespace")
        .isEqualTo(List.of(Chart.NAMESPACE));
    assertThat(endpoint).containsEntry("interval", "1m");
    assertThat(endpoint.get("relabelings"))
        .isEqualTo(List.of(Map.of("targetLabel", "org", "replacement", "o-example")));
    assertThat(list(endpoint.get("metricRelabelings"))).hasSize(1);
  }

  @Test
  void prometheusRuleCarriesItsLabels() {
    var chart =
        Chart.render(
            with(REQUIRED, "prometheusRule.enabled", true, "prometheusRule.labels.release", "kps"));

    assertThat(at(chart.get("PrometheusRule"), "metadata.labels.release")).isEqualTo("kps");
  }

  @Test
  void theKubernetesApiTokenIsNotMountedByDefault() {
    var chart = Chart.render(REQUIRED);

    assertThat(chart.podSpec().get("automountServiceAccountToken")).isEqualTo(false);
    assertThat(chart.get("ServiceAccount").get("automountServiceAccountToken")).isEqualTo(false);
    assertThat(
            Chart.render(with(REQUIRED, "serviceAccount.automountServiceAccountToken", true))
                .podSpec()
                .get("automountServiceAccountToken"))
        .isEqualTo(true);
  }

  // --- logs, audit log, writer lock -----------------------------------------------------------

  @Test
  void logsAreJsonByDefault() {
    assertThat(Chart.render(REQUIRED).controllerArgs()).containsSequence("--log-format", "json");
    assertThat(Chart.render(with(REQUIRED, "controller.logFormat", "text")).controllerArgs())
        .containsSequence("--log-format", "text");
  }

  @Test
  void auditLogIsOffByDefault() {
    var chart = Chart.render(REQUIRED);

    assertThat(chart.controllerArgs()).doesNotContain("--audit-log");
    assertThat(chart.find("PersistentVolumeClaim")).isEmpty();
  }

  @Test
  void auditLogOnTheChartsClaimIsMountedOnItsFolder() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "controller.auditLog.enabled",
                true,
                "controller.auditLog.path",
                "/var/lib/rootctl/audit.jsonl",
                "controller.auditLog.persistence.enabled",
                true,
                "controller.auditLog.persistence.size",
                "5Gi",
                "controller.auditLog.persistence.storageClass",
                "gp3"));
    var pvc = chart.get("PersistentVolumeClaim");

    assertThat(chart.controllerArgs())
        .containsSequence("--audit-log", "/var/lib/rootctl/audit.jsonl");
    assertThat(mounts(chart.container("controller"))).containsEntry("/var/lib/rootctl", "audit");
    assertThat(at(volume(chart, "audit"), "persistentVolumeClaim.claimName"))
        .isEqualTo(at(pvc, "metadata.name"))
        .isEqualTo("rootctl-audit");
    assertThat(at(pvc, "spec.accessModes")).isEqualTo(List.of("ReadWriteOnce"));
    assertThat(at(pvc, "spec.resources.requests.storage")).isEqualTo("5Gi");
    assertThat(at(pvc, "spec.storageClassName")).isEqualTo("gp3");
    assertThat(at(chart.deployment(), "spec.strategy.type"))
        .as("a ReadWriteOnce claim needs the old pod gone first")
        .isEqualTo("Recreate");
  }

  @Test
  void auditLogOnAnExistingClaimCreatesNoClaim() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "controller.auditLog.enabled",
                true,
                "controller.auditLog.persistence.enabled",
                true,
                "controller.auditLog.persistence.existingClaim",
                "rootctl-audit-kept"));

    assertThat(chart.find("PersistentVolumeClaim")).isEmpty();
    assertThat(at(volume(chart, "audit"), "persistentVolumeClaim.claimName"))
        .isEqualTo("rootctl-audit-kept");
  }

  @Test
  void storageClassDashMeansNoStorageClass() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "controller.auditLog.enabled",
                true,
                "controller.auditLog.persistence.enabled",
                true,
                "controller.auditLog.persistence.storageClass",
                "-"));

    assertThat(map(chart.get("PersistentVolumeClaim").get("spec")))
        .containsEntry("storageClassName", "");
    assertThat(
            map(
                Chart.render(
                        with(
                            REQUIRED,
                            "controller.auditLog.enabled",
                            true,
                            "controller.auditLog.persistence.enabled",
                            true))
                    .get("PersistentVolumeClaim")
                    .get("spec")))
        .doesNotContainKey("storageClassName");
  }

  @Test
  void auditLogOnAVolumeOfTheUsersOwn() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "controller.auditLog.enabled",
                true,
                "controller.auditLog.path",
                "/var/log/rootctl/audit.jsonl",
                "extraVolumes[0].name",
                "audit",
                "extraVolumes[0].emptyDir.sizeLimit",
                "1Gi",
                "controller.extraVolumeMounts[0].name",
                "audit",
                "controller.extraVolumeMounts[0].mountPath",
                "/var/log/rootctl/"));

    assertThat(chart.controllerArgs())
        .containsSequence("--audit-log", "/var/log/rootctl/audit.jsonl");
    assertThat(chart.find("PersistentVolumeClaim")).isEmpty();
  }

  static Stream<Map<String, Object>> auditLogsWithoutAWritableVolume() {
    return Stream.of(
        with(REQUIRED, "controller.auditLog.enabled", true),
        with(
            REQUIRED,
            "controller.auditLog.enabled",
            true,
            "controller.auditLog.path",
            "/var/log/rootctl/audit.jsonl",
            "extraVolumes[0].name",
            "audit",
            "extraVolumes[0].emptyDir.sizeLimit",
            "1Gi",
            "controller.extraVolumeMounts[0].name",
            "audit",
            "controller.extraVolumeMounts[0].mountPath",
            "/var/log/rootctl",
            "controller.extraVolumeMounts[0].readOnly",
            true),
        with(
            REQUIRED,
            "controller.auditLog.enabled",
            true,
            "controller.auditLog.path",
            "/var/log/rootctl-audit.jsonl",
            "extraVolumes[0].name",
            "audit",
            "extraVolumes[0].emptyDir.sizeLimit",
            "1Gi",
            "controller.extraVolumeMounts[0].name",
            "audit",
            "controller.extraVolumeMounts[0].mountPath",
            "/var/log/rootctl"));
  }

  @ParameterizedTest
  @MethodSource("auditLogsWithoutAWritableVolume")
  void auditLogOnTheReadOnlyRootFilesystemIsRefused(Map<String, Object> values) {
    assertThatThrownBy(() -> Chart.renderText(values))
        .hasMessageContaining("is not on a writable volume")
        .hasMessageContaining("controller.auditLog.persistence.enabled");
  }

  @Test
  void writerLockUrlReachesTheControllerAsEnvironment() {
    var url = "s3://example-org-rootctl/locks/o-abc.lock";
    var env = env(Chart.render(with(REQUIRED, "lock.url", url)).container("controller"));

    assertThat(map(env.get("ROOTCTL_LOCK_URL"))).containsEntry("value", url);
    assertThat(env(Chart.render(REQUIRED).container("controller")))
        .doesNotContainKey("ROOTCTL_LOCK_URL");
  }

  // --- schema
  // -------------------------------------------------------------------------------------

  record Invalid(String name, String reason, Map<String, Object> values, String expectedInError) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Invalid> invalidValues() {
    return Stream.of(
        new Invalid(
            "unknown mode",
            "mode is observe or enforce",
            with(REQUIRED, "controller.mode", "yolo"),
            "/controller/mode"),
        new Invalid(
            "interval not a duration",
            "the controller parses Go-style durations",
            with(REQUIRED, "controller.interval", "5 minutes"),
            "/controller/interval"),
        new Invalid(
            "resync not a duration",
            "the controller parses Go-style durations",
            with(REQUIRED, "controller.resync", "hourly"),
            "/controller/resync"),
        new Invalid(
            "numeric image tag",
            "an unquoted numeric tag is a number, not a string",
            with(REQUIRED, "image.tag", 2),
            "/image/tag"),
        new Invalid(
            "git-sync without repo",
            "git-sync needs a repository",
            Map.of("gitSync.enabled", true),
            "/gitSync/repo"),
        new Invalid(
            "ssh without secret",
            "credentials come from an existing Secret",
            with(REQUIRED, "gitSync.auth.method", "ssh"),
            "/gitSync/auth/existingSecret"),
        new Invalid(
            "unknown auth method",
            "none, ssh or https",
            with(REQUIRED, "gitSync.auth.method", "token"),
            "/gitSync/auth/method"),
        new Invalid(
            "no desired state at all",
            "without git-sync a ConfigMap is needed",
            Map.of("gitSync.enabled", false),
            "/desiredState"),
        new Invalid(
            "misspelt value",
            "typos must not be silently ignored",
            with(REQUIRED, "controller.intervall", "5m"),
            "intervall"),
        new Invalid(
            "bad region",
            "AssumeRoot needs a real regional endpoint",
            with(REQUIRED, "aws.region", "global"),
            "/aws/region"),
        new Invalid(
            "endpoint not a URL",
            "--endpoint-url takes a URL",
            with(REQUIRED, "aws.endpointUrl", "localhost:4566"),
            "/aws/endpointUrl"),
        new Invalid(
            "privilege escalation",
            "the hardening is not optional",
            with(REQUIRED, "containerSecurityContext.allowPrivilegeEscalation", true),
            "/containerSecurityContext/allowPrivilegeEscalation"),
        new Invalid(
            "digest without algorithm",
            "a digest is sha256: and 64 hex digits",
            with(REQUIRED, "image.digest", "abc123"),
            "/image/digest"),
        new Invalid(
            "unknown log format",
            "--log-format takes json or text",
            with(REQUIRED, "controller.logFormat", "logfmt"),
            "/controller/logFormat"),
        new Invalid(
            "relative audit path",
            "the audit file needs an absolute path on a mounted volume",
            with(REQUIRED, "controller.auditLog.path", "audit.jsonl"),
            "/controller/auditLog/path"),
        new Invalid(
            "claim size not a quantity",
            "a PersistentVolumeClaim size is a Kubernetes quantity",
            with(REQUIRED, "controller.auditLog.persistence.size", "two gigs"),
            "/controller/auditLog/persistence/size"),
        new Invalid(
            "lock not on S3",
            "the writer lock is an S3 object",
            with(REQUIRED, "lock.url", "https://example.com/lock"),
            "/lock/url"),
        new Invalid(
            "pull secret as a bare string",
            "imagePullSecrets are LocalObjectReferences",
            with(REQUIRED, "imagePullSecrets[0]", "regcred"),
            "/imagePullSecrets/0"),
        new Invalid(
            "misspelt relabeling field",
            "a relabeling with a typo would silently do nothing",
            with(REQUIRED, "serviceMonitor.relabelings[0].targetLable", "org"),
            "targetLable"),
        new Invalid(
            "volume mount without a path",
            "a VolumeMount needs name and mountPath",
            with(REQUIRED, "controller.extraVolumeMounts[0].name", "x"),
            "/controller/extraVolumeMounts/0"),
        new Invalid(
            "spread constraint without topologyKey",
            "maxSkew, topologyKey and whenUnsatisfiable are required",
            with(REQUIRED, "topologySpreadConstraints[0].maxSkew", 1),
            "/topologySpreadConstraints/0"),
        new Invalid(
            "no resource limits",
            "requests and limits are both required",
            with(REQUIRED, "controller.resources.limits", null),
            "/controller/resources"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidValues")
  void schemaRejectsInvalidValuesNamingTheField(Invalid c) {
    assertThatThrownBy(() -> Chart.renderText(c.values()))
        .as(c.reason())
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(c.expectedInError());
  }

  // --- README ---------------------------------------------------------------------------------

  @Test
  void chartReadmeDocumentsEveryValue() throws IOException {
    Map<String, Object> values =
        map(new Yaml(new LoaderOptions()).load(Files.readString(Chart.DIR.resolve("values.yaml"))));
    var readme = Files.readString(Chart.DIR.resolve("README.md"));
    var paths = new ArrayList<String>();
    leafPaths("", values, paths);

    assertThat(paths).hasSizeGreaterThan(50);
    assertThat(paths)
        .allSatisfy(p -> assertThat(readme).as("README row for %s", p).contains("| `" + p + "` |"));
  }

  private static void leafPaths(String prefix, Object node, List<String> out) {
    if (node instanceof Map<?, ?> m && !m.isEmpty()) {
      for (var e : m.entrySet()) {
        leafPaths(
            prefix.isEmpty() ? (String) e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else {
      out.add(prefix);
    }
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private static Map<String, String> mounts(Map<String, Object> container) {
    var byPath = new LinkedHashMap<String, String>();
    for (Object m : list(container.get("volumeMounts"))) {
      byPath.put((String) map(m).get("mountPath"), (String) map(m).get("name"));
    }
    return byPath;
  }

  private static Map<String, Object> volume(Chart chart, String name) {
    return list(chart.podSpec().get("volumes")).stream()
        .map(Chart::map)
        .filter(v -> name.equals(v.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static Map<String, Object> env(Map<String, Object> container) {
    var byName = new LinkedHashMap<String, Object>();
    for (Object e : list(container.get("env"))) {
      byName.put((String) map(e).get("name"), e);
    }
    return byName;
  }

  /**
   * A temporary copy of the chart whose values.yaml is the shipped one deep-merged with {@code
   * overlay}.
   */
  private static Path copyChartWithValues(Path tmp, Path overlay) throws IOException {
    Path copy = tmp.resolve("rootctl");
    try (var paths = Files.walk(Chart.DIR)) {
      for (Path source : paths.sorted(Comparator.naturalOrder()).toList()) {
        Path target = copy.resolve(Chart.DIR.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    var yaml = new Yaml(new LoaderOptions());
    Map<String, Object> values = map(yaml.load(Files.readString(Chart.DIR.resolve("values.yaml"))));
    deepMerge(values, map(yaml.load(Files.readString(overlay))));
    var options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(values));
    return copy;
  }

  private static void deepMerge(Map<String, Object> base, Map<String, Object> overlay) {
    for (var e : overlay.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> && base.get(e.getKey()) instanceof Map<?, ?>) {
        deepMerge(map(base.get(e.getKey())), map(e.getValue()));
      } else {
        base.put(e.getKey(), e.getValue());
      }
    }
  }
}
