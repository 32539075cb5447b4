package io.rootctl.deploy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks a rendered manifest against the Kubernetes API schema, as the API server (with kubectl's
 * strict field validation) would: an unknown or misspelt field, a value of the wrong type, a kind
 * without a schema, or a missing name is a problem.
 *
 * <p>The schema is fabric8's Kubernetes model (io.fabric8:kubernetes-model-*, generated from the
 * Kubernetes OpenAPI of release 1.34) and, for the Prometheus Operator's {@code
 * monitoring.coreos.com/v1} ServiceMonitor and PrometheusRule, fabric8's openshift-model-monitoring
 * (generated from the operator's CRDs). Chosen over JSON schemas from npm because it comes from
 * Maven Central like every other test dependency (no node at test time), and because one model
 * covers both the core API and the two CRDs; no npm package ships the Kubernetes JSON schemas (the
 * kubeconform ones live only in a Git repository).
 *
 * <p>fabric8 classes do not refuse unknown fields: they collect them in an {@code
 * additionalProperties} map ({@code @JsonAnySetter}), so FAIL_ON_UNKNOWN_PROPERTIES alone catches
 * nothing. After reading, every object of the tree is therefore walked and any non-empty {@code
 * additionalProperties} is reported with its path. Jackson's scalar coercions (a number where the
 * API wants a string, "5" where it wants an integer) are switched off, since the API server refuses
 * them too.
 */
final class KubernetesApiSchema {
  /** The Kubernetes release whose API the model describes. */
  static final String KUBERNETES_VERSION = "1.34";

  private static final ObjectMapper STRICT = strictMapper();

  private KubernetesApiSchema() {}

  private static ObjectMapper strictMapper() {
    var mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    for (var shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }

  /**
   * The problems of one manifest (a parsed YAML document), each naming the kind, the object and the
   * field path; empty when the manifest matches the schema.
   */
  static List<String> problems(Map<String, Object> manifest) {
    String where = manifest.get("kind") + " " + name(manifest);
    KubernetesResource resource;
    try {
      resource = STRICT.convertValue(manifest, KubernetesResource.class);
    } catch (IllegalArgumentException e) {
      return List.of(where + ": " + e.getMessage());
    }
    if (resource instanceof GenericKubernetesResource) {
      return List.of(
          where
              + ": no schema for apiVersion "
              + manifest.get("apiVersion")
              + " kind "
              + manifest.get("kind"));
    }
    var problems = new ArrayList<String>();
    if (resource instanceof HasMetadata object
        && (object.getMetadata() == null
            || object.getMetadata().getName() == null
            || object.getMetadata().getName().isEmpty())) {
      problems.add(where + ": metadata.name is required");
    }
    walk(resource, where + ": ", problems);
    return problems;
  }

  private static String name(Map<String, Object> manifest) {
    return manifest.get("metadata") instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : "?";
  }

  /** Reports every non-empty additionalProperties map below {@code node}, with its path. */
  private static void walk(Object node, String path, List<String> problems) {
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", problems);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (var e : map.entrySet()) {
        walk(e.getValue(), path + "[" + e.getKey() + "]", problems);
      }
      return;
    }
    if (node == null || !node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      boolean extra = getter.getName().equals("getAdditionalProperties");
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class
          || (!extra && getter.isAnnotationPresent(JsonIgnore.class))) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(getter + " of " + path, e);
      }
      if (extra) {
        if (value instanceof Map<?, ?> unknown) {
          for (Object key : unknown.keySet()) {
            problems.add(path + "." + key + ": unknown field");
          }
        }
      } else {
        walk(value, path + "." + decapitalize(getter.getName().substring(3)), problems);
      }
    }
  }

  private static String decapitalize(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
