package io.rootctl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders {@code charts/rootctl} through Helm itself (helm-java) and gives typed access to the
 * manifests. Values are passed as {@code --set} pairs and values files, exactly as a user would.
 */
final class Chart {
  static final Path DIR = Path.of("charts/rootctl");
  static final Path EXAMPLES = DIR.resolve("examples");

  /**
   * Values files that {@code helm lint} and the render tests cover (chart-testing's ci/ folder).
   */
  static final Path CI = DIR.resolve("ci");

  static final String RELEASE = "rootctl";
  static final String NAMESPACE = "rootctl-system";

  /** The least a user must set: the default values leave gitSync.repo empty on purpose. */
  static final Map<String, Object> REQUIRED =
      Map.of("gitSync.repo", "https://git.example.com/org/policy.git");

  private final List<Map<String, Object>> manifests;

  private Chart(List<Map<String, Object>> manifests) {
    this.manifests = List.copyOf(manifests);
  }

  /** {@code helm template} with the given --set values and values files (in that order). */
  static Chart render(Map<String, ?> sets, Path... valuesFiles) {
    return new Chart(parse(renderText(sets, valuesFiles)));
  }

  /**
   * The Kubernetes version {@code helm template} renders for: the newest the chart supports, whose
   * API the manifests are checked against ({@link KubernetesApiSchema}). Without it Helm assumes
   * v1.20.0, below the chart's kubeVersion.
   */
  static final String KUBE_VERSION = "1.34.0";

  static String renderText(Map<String, ?> sets, Path... valuesFiles) {
    return renderText(KUBE_VERSION, sets, valuesFiles);
  }

  static String renderText(String kubeVersion, Map<String, ?> sets, Path... valuesFiles) {
    TemplateCommand template =
        new Helm(DIR)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(kubeVersion);
    for (Path file : valuesFiles) {
      template = template.withValuesFile(file);
    }
    for (var e : sets.entrySet()) {
      template = template.set(e.getKey(), e.getValue());
    }
    return template.call();
  }

  static Map<String, Object> with(Map<String, ?> base, Object... keyValues) {
    var all = new LinkedHashMap<String, Object>(base);
    for (int i = 0; i < keyValues.length; i += 2) {
      all.put((String) keyValues[i], keyValues[i + 1]);
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> parse(String yaml) {
    var docs = new ArrayList<Map<String, Object>>();
    for (Object doc : new Yaml(new LoaderOptions()).loadAll(yaml)) {
      if (doc != null) {
        docs.add((Map<String, Object>) doc);
      }
    }
    return docs;
  }

  List<Map<String, Object>> manifests() {
    return manifests;
  }

  List<String> kinds() {
    return manifests.stream().map(m -> (String) m.get("kind")).sorted().toList();
  }

  Optional<Map<String, Object>> find(String kind) {
    var found = manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    assertThat(found).as("at most one %s", kind).hasSizeLessThanOrEqualTo(1);
    return found.stream().findFirst();
  }

  Map<String, Object> get(String kind) {
    return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered: " + kinds()));
  }

  Map<String, Object> deployment() {
    return get("Deployment");
  }

  Map<String, Object> podSpec() {
    return map(at(deployment(), "spec.template.spec"));
  }

  Map<String, Object> container(String name) {
    return list(podSpec().get("containers")).stream()
        .map(Chart::map)
        .filter(c -> name.equals(c.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  Optional<Map<String, Object>> findContainer(String name) {
    return list(podSpec().get("containers")).stream()
        .map(Chart::map)
        .filter(c -> name.equals(c.get("name")))
        .findFirst();
  }

  List<String> controllerArgs() {
    return list(container("controller").get("args")).stream().map(String::valueOf).toList();
  }

  /** The value at a dotted path such as {@code spec.template.spec}; null when absent. */
  static Object at(Map<String, Object> root, String dotted) {
    Object current = root;
    for (String key : dotted.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertThat(o).as("expected a mapping").isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    assertThat(o).as("expected a list").isInstanceOf(List.class);
    return (List<Object>) o;
  }
}
