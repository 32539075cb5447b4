package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import java.io.ByteArrayInputStream;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/emulator.md stays true: its fixture example loads and uses every field, every fixture field
 * is described, and every served operation and mutate action is listed.
 */
class EmulatorDocsTest {
  static final Path GUIDE = Path.of("docs/emulator.md");

  final String guide = read();

  static String read() {
    try {
      return Files.readString(GUIDE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  String example() {
    var start = guide.indexOf("```yaml\n", guide.indexOf("An example with every field"));
    return guide.substring(start + "```yaml\n".length(), guide.indexOf("```\n", start + 8));
  }

  /** Every field name of the fixture format, nested records included. */
  static Set<String> fixtureFields(Class<?> record, Set<String> into) {
    for (var component : record.getRecordComponents()) {
      into.add(component.getName());
      var type = component.getGenericType();
      Class<?> element = component.getType();
      if (type instanceof ParameterizedType list) {
        element = (Class<?>) list.getActualTypeArguments()[0];
      }
      if (element.isRecord()) {
        fixtureFields(element, into);
      }
    }
    return into;
  }

  static void keys(JsonNode node, Set<String> into) {
    node.fieldNames().forEachRemaining(into::add);
    node.forEach(child -> keys(child, into));
  }

  @Test
  void theExampleLoadsAndUsesEveryField() throws Exception {
    var text = example();
    var org =
        SimulatedOrganization.of(
            Fixture.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))),
            new AdjustableClock(Clock.systemUTC()));
    assertThat(org.accountCount()).isEqualTo(4);
    var used = new TreeSet<String>();
    keys(new YAMLMapper().readTree(text), used);
    assertThat(used).containsAll(fixtureFields(Fixture.class, new TreeSet<>()));
  }

  @Test
  void everyFixtureFieldIsDescribed() {
    for (var field : fixtureFields(Fixture.class, new TreeSet<>())) {
      assertThat(guide).as("docs/emulator.md describes `%s`", field).contains("`" + field + "`");
    }
  }

  @Test
  void everyServedOperationAndMutateActionIsListed() {
    var org = SimulatedOrganization.of(Fixture.demo(), new AdjustableClock(Clock.systemUTC()));
    try (var server = new EmulatorServer(org, 0)) {
      for (var op : server.servedOperations()) {
        var name = op.substring(op.indexOf(':') + 1);
        assertThat(guide).as("docs/emulator.md lists %s", op).contains("`" + name + "`");
      }
    }
    for (var service : EmulatorServer.SERVICES) {
      for (var action : service.apply(org).mutations().keySet()) {
        assertThat(guide).as("docs/emulator.md lists %s", action).contains("| `" + action + "`");
      }
    }
  }
}
