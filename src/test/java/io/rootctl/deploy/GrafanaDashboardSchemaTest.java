package io.rootctl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Grafana dashboard, as committed and as the chart ships it, validated offline against
 * Grafana's published dashboard schema: {@code src/test/resources/deploy/grafana/
 * dashboard.schema.json}, generated from the npm package {@code @grafana/schema} (see generate.sh
 * and NOTICE there). Whatever the dashboard file holds is validated, so a panel edited by hand with
 * a wrong type or a misspelt field fails here, not on import.
 */
class GrafanaDashboardSchemaTest {
  static final Path SCHEMA = Path.of("src/test/resources/deploy/grafana/dashboard.schema.json");
  static final List<Path> DASHBOARDS =
      List.of(Path.of("dashboards/rootctl.json"), Chart.DIR.resolve("files/rootctl.json"));

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The published types are stricter than what Grafana itself exports in two places; the schema is
   * widened there, and only there:
   *
   * <ul>
   *   <li>{@code definition} on a variable: Grafana's query-variable editor writes it (the query as
   *       shown in the variables list) into every saved dashboard; the type omits it.
   *   <li>{@code "current": {}}: Grafana saves an empty current value for a variable chosen at load
   *       time; the type requires text and value.
   * </ul>
   */
  static JsonSchema schema() throws IOException {
    var root = (ObjectNode) JSON.readTree(SCHEMA.toFile());
    var variable = (ObjectNode) root.path("definitions").path("VariableModel").path("properties");
    assertThat(variable.isMissingNode()).as("VariableModel in %s", SCHEMA).isFalse();
    variable.set("definition", JSON.readTree("{\"type\": \"string\"}"));
    variable.set(
        "current",
        JSON.readTree(
            "{\"anyOf\": [{\"$ref\": \"#/definitions/VariableOption\"},"
                + " {\"type\": \"object\", \"maxProperties\": 0}]}"));
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root);
  }

  static Stream<Path> dashboards() {
    return DASHBOARDS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void dashboardMatchesGrafanasPublishedSchema(Path dashboard) throws IOException {
    var errors = schema().validate(JSON.readTree(dashboard.toFile()));

    assertThat(errors.stream().map(ValidationMessage::getMessage))
        .as("%s against %s", dashboard, SCHEMA)
        .isEmpty();
  }

  @Test
  void theSchemaIsGrafanasWithItsOriginNamed() throws IOException {
    var schema = JSON.readTree(SCHEMA.toFile());

    assertThat(schema.path("$comment").asText())
        .contains("@grafana/schema@13.2.3", "Apache-2.0", "ts-json-schema-generator@2.9.0");
    assertThat(schema.path("$ref").asText()).isEqualTo("#/definitions/Dashboard");
    assertThat(schema.path("definitions").path("Dashboard").path("required").toString())
        .isEqualTo("[\"schemaVersion\"]");
    assertThat(SCHEMA.resolveSibling("NOTICE")).content().contains("Apache License, Version 2.0");
    assertThat(SCHEMA.resolveSibling("generate.sh"))
        .content()
        .contains("GRAFANA_SCHEMA_VERSION=13.2.3");
  }

  // --- broken dashboards fail -------------------------------------------------------------------

  record Breakage(String name, Consumer<ObjectNode> change, String expectedInError) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Breakage> breakages() {
    return Stream.of(
        new Breakage(
            "panel width as a string",
            d -> firstPanelWithGrid(d).with("gridPos").put("w", "12"),
            "gridPos.w"),
        new Breakage(
            "schemaVersion as a string", d -> d.put("schemaVersion", "39"), "schemaVersion"),
        new Breakage("schemaVersion missing", d -> d.remove("schemaVersion"), "schemaVersion"),
        new Breakage("misspelt top-level field", d -> d.put("titel", "rootctl"), "titel"),
        new Breakage("misspelt panel field", d -> firstPanelWithGrid(d).put("tilte", "x"), "tilte"),
        new Breakage("panels not a list", d -> d.putObject("panels"), "panels"),
        new Breakage(
            "variable hide as text",
            d -> ((ObjectNode) d.path("templating").path("list").get(0)).put("hide", "never"),
            "hide"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("breakages")
  void aBrokenDashboardFails(Breakage b) throws IOException {
    var dashboard = (ObjectNode) JSON.readTree(DASHBOARDS.getFirst().toFile());
    b.change().accept(dashboard);

    var errors = schema().validate(dashboard);

    assertThat(errors.stream().map(ValidationMessage::getMessage))
        .as(b.name())
        .anySatisfy(m -> assertThat(m).contains(b.expectedInError()));
  }

  private static ObjectNode firstPanelWithGrid(ObjectNode dashboard) {
    for (JsonNode panel : (ArrayNode) dashboard.path("panels")) {
      if (panel.has("gridPos")) {
        return (ObjectNode) panel;
      }
    }
    throw new AssertionError("no panel with gridPos");
  }
}
