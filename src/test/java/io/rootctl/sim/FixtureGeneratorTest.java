package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.live.OrganizationalUnit;
import io.rootctl.model.OuPath;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --generate} with OU names: {@code ou=PATH}, repeatable, beside the {@code ous} count. */
class FixtureGeneratorTest {
  final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void parsesRepeatedOuPathsBesideTheOtherKeys() {
    var spec =
        GeneratorSpec.parse(
            "accounts=200,ou=Security,ou=Workloads/Prod,ous=3,ou=/Root/Workloads/NonProd,seed=7");
    assertThat(spec)
        .isEqualTo(
            new GeneratorSpec(
                200, 3, 7, 0, List.of("Security", "Workloads/Prod", "/Root/Workloads/NonProd")));
    assertThat(spec.namedOus())
        .containsExactly(
            List.of("Security"),
            List.of("Workloads"),
            List.of("Workloads", "Prod"),
            List.of("Workloads", "NonProd"));
    assertThat(GeneratorSpec.parse("accounts=5").ouPaths()).isEmpty();
  }

  @Test
  void namedOusAreInTheTreeAtTheirPathsWithTheGeneratedOnesBesideThem() {
    var spec =
        GeneratorSpec.parse(
            "accounts=200,ou=Security,ou=Workloads/Prod,ou=Workloads/NonProd,ous=5,seed=7");
    var fixture = FixtureGenerator.generate(spec);
    assertThat(fixture.organizationalUnits()).hasSize(4 + 5);
    assertThat(fixture.organizationalUnits().subList(0, 4))
        .extracting(Fixture.Ou::name)
        .containsExactly("Security", "Workloads", "Prod", "NonProd");
    var tree = new InMemoryCloud(SimulatedOrganization.of(fixture, clock)).describeOrganization();
    for (var path : List.of("/Root/Security", "/Root/Workloads/Prod", "/Root/Workloads/NonProd")) {
      assertThat(tree.unitAt(OuPath.parse(path))).as(path).isPresent();
    }
    assertThat(tree.units()).extracting(OrganizationalUnit::name).contains("ou-1", "ou-5");
    var parents = new HashSet<String>();
    tree.accounts().forEach(a -> parents.add(a.parentId()));
    assertThat(parents.size()).as("accounts spread over the root and the OUs").isGreaterThan(5);
    assertThat(FixtureGenerator.generate(spec)).as("deterministic").isEqualTo(fixture);
  }

  @Test
  void ousTheCountIsNotANameList() {
    assertThatThrownBy(() -> GeneratorSpec.parse("accounts=20,ous=Security"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ous=Security")
        .hasMessageContaining("ou=PATH");
    assertThatThrownBy(() -> GeneratorSpec.parse("accounts=20,ous=Security,Workloads/Prod"))
        .hasMessageContaining("'Workloads/Prod'")
        .hasMessageContaining("ou=PATH");
    assertThatThrownBy(() -> GeneratorSpec.parse("accounts=20,oops"))
        .hasMessageContaining("'oops'")
        .hasMessageNotContaining("ou=PATH");
  }

  @Test
  void refusesOuPathsAwsWouldNot() {
    assertThatThrownBy(() -> GeneratorSpec.parse("accounts=2,ou=Workloads//Prod"))
        .hasMessageContaining("empty segment");
    assertThatThrownBy(() -> GeneratorSpec.parse("accounts=2,ou=A/B/C/D/E/F"))
        .hasMessageContaining("deeper than 5 levels");
    assertThatThrownBy(() -> GeneratorSpec.parse("accounts=2,ou=/Other/Prod"))
        .hasMessageContaining("below the root");
    assertThatThrownBy(() -> GeneratorSpec.parse("accounts=2,ou="))
        .hasMessageContaining("empty segment");
    assertThatThrownBy(() -> GeneratorSpec.parse("accounts=2,ou=" + "x".repeat(129)))
        .hasMessageContaining("128");
    assertThatThrownBy(() -> GeneratorSpec.parse("accounts=2,ous=1999,ou=A/B"))
        .hasMessageContaining("2000");
  }
}
