package io.rootctl.deploy;

import static io.rootctl.deploy.Chart.REQUIRED;
import static io.rootctl.deploy.Chart.list;
import static io.rootctl.deploy.Chart.map;
import static io.rootctl.deploy.Chart.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every manifest the chart renders, for the default values, each examples/ and ci/ values file and
 * every optional object switched on, matches the Kubernetes API schema ({@link
 * KubernetesApiSchema}): a misspelt or unknown field, or a value of the wrong type, fails here
 * rather than at {@code kubectl apply}.
 */
class KubernetesManifestSchemaTest {

  record Values(String name, Map<String, Object> sets, List<Path> files) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Values> everyValuesSet() throws IOException {
    var all = new ArrayList<Values>();
    all.add(new Values("defaults", REQUIRED, List.of()));
    all.add(
        new Values(
            "every optional object",
            with(
                REQUIRED,
                "serviceMonitor.enabled",
                true,
                "prometheusRule.enabled",
                true,
                "grafanaDashboard.enabled",
                true,
                "networkPolicy.enabled",
                true,
                "networkPolicy.podIdentityAgent",
                true),
            List.of()));
    for (Path file : HelmChartTest.valuesFiles().toList()) {
      all.add(new Values(Chart.DIR.relativize(file).toString(), Map.of(), List.of(file)));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyValuesSet")
  void everyRenderedManifestMatchesTheKubernetesApiSchema(Values v) {
    var chart = Chart.render(v.sets(), v.files().toArray(Path[]::new));
    var problems = new ArrayList<String>();
    for (var manifest : chart.manifests()) {
      problems.addAll(KubernetesApiSchema.problems(manifest));
    }

    assertThat(chart.manifests()).isNotEmpty();
    assertThat(problems)
        .as("Kubernetes %s API schema, %s", KubernetesApiSchema.KUBERNETES_VERSION, v)
        .isEmpty();
  }

  @Test
  void theCiValuesCoverTheCrdsAndTheAuditClaim() {
    var kinds = new ArrayList<String>();
    for (Path file : HelmChartTest.valuesFiles().filter(f -> f.startsWith(Chart.CI)).toList()) {
      kinds.addAll(Chart.render(Map.of(), file).kinds());
    }

    assertThat(kinds)
        .contains(
            "ServiceMonitor",
            "PrometheusRule",
            "PersistentVolumeClaim",
            "NetworkPolicy",
            "ConfigMap");
  }

  @Test
  void theChartInstallsOnTheOldestSupportedKubernetesAndRefusesOlderOnes() {
    assertThat(Chart.renderText("1.29.0", REQUIRED))
        .as("the templates do not depend on the Kubernetes version")
        .isEqualTo(Chart.renderText(REQUIRED));
    assertThatThrownBy(() -> Chart.renderText("1.28.9", REQUIRED))
        .hasMessageContaining("chart requires kubeVersion: >=1.29.0-0");
  }

  // --- the check itself can fail ---------------------------------------------------------------

  @Test
  void aMisspeltFieldInAValueIsRefusedOnceRendered() {
    var chart =
        Chart.render(
            with(
                REQUIRED,
                "extraVolumes[0].name",
                "scratch",
                "extraVolumes[0].emtpyDir.sizeLimit",
                "1Gi"));

    assertThat(KubernetesApiSchema.problems(chart.deployment()))
        .singleElement()
        .asString()
        .contains("Deployment rootctl")
        .contains("spec.template.spec.volumes[")
        .contains("emtpyDir: unknown field");
  }

  @Test
  void aMisspeltFieldAnywhereInTheDeploymentIsRefused() {
    var deployment = deepCopy(Chart.render(REQUIRED).deployment());
    var controller =
        map(
            list(map(map(map(deployment.get("spec")).get("template")).get("spec"))
                    .get("containers"))
                .getFirst());
    controller.put("imagePulPolicy", controller.remove("imagePullPolicy"));

    assertThat(KubernetesApiSchema.problems(deployment))
        .singleElement()
        .asString()
        .contains("containers[0].imagePulPolicy: unknown field");
  }

  @Test
  void aMisspeltFieldInAServiceMonitorIsRefused() {
    var sm =
        deepCopy(
            Chart.render(with(REQUIRED, "serviceMonitor.enabled", true)).get("ServiceMonitor"));
    map(list(map(sm.get("spec")).get("endpoints")).getFirst()).put("scrapeTimout", "10s");

    assertThat(KubernetesApiSchema.problems(sm))
        .singleElement()
        .asString()
        .contains("ServiceMonitor rootctl")
        .contains("scrapeTimout: unknown field");
  }

  @Test
  void aValueOfTheWrongTypeIsRefused() {
    var service = deepCopy(Chart.render(REQUIRED).get("Service"));
    map(list(map(service.get("spec")).get("ports")).getFirst()).put("port", "8080");

    assertThat(KubernetesApiSchema.problems(service)).singleElement().asString().contains("port");
  }

  @Test
  void aKindWithoutASchemaIsRefused() {
    var unknown = parse("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");

    assertThat(KubernetesApiSchema.problems(unknown))
        .singleElement()
        .asString()
        .contains("no schema for apiVersion example.com/v1 kind Widget");
  }

  @Test
  void aManifestWithoutANameIsRefused() {
    var nameless = parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: x\n");

    assertThat(KubernetesApiSchema.problems(nameless))
        .containsExactly("ConfigMap null: metadata.name is required");
  }

  private static Map<String, Object> parse(String yaml) {
    return map(new Yaml(new LoaderOptions()).load(yaml));
  }

  private static Map<String, Object> deepCopy(Map<String, Object> manifest) {
    return parse(new Yaml().dump(new LinkedHashMap<>(manifest)));
  }
}
