package io.rootctl.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The import boundaries of STYLE.md B2, checked on the compiled main classes. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rootctl");
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }

  @Test
  void onlyDesiredYamlUsesSnakeYaml() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("io.rootctl.desired.yaml..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.yaml.snakeyaml.."));
  }

  @Test
  void onlyCliUsesPicocli() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("io.rootctl.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("picocli.."));
  }

  @Test
  void onlyCloudAwsUsesTheAwsSdk() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("io.rootctl.cloud.aws..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("software.amazon.awssdk.."));
  }

  @Test
  void onlyMetricsAndAppUseMicrometer() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("io.rootctl.metrics..", "io.rootctl.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.micrometer.."));
  }

  @Test
  void onlyCloudCacheUsesCaffeine() {
    // app, the composition root, hands the caches to Micrometer's CaffeineCacheMetrics.
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("io.rootctl.cloud.cache..", "io.rootctl.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.github.benmanes.caffeine.."));
  }

  @Test
  void pureCoreDoesNoIo() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(
                "io.rootctl.model", "io.rootctl.desired", "io.rootctl.live", "io.rootctl.plan")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.io", "java.net", "java.nio.file", "io.rootctl.cloud..")
            .orShould()
            .callMethodWhere(
                com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("now"))));
  }

  @Test
  void pureCoreDoesNotLog() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(
                "io.rootctl.model", "io.rootctl.desired", "io.rootctl.live", "io.rootctl.plan")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.slf4j..", "java.util.logging.."));
  }

  @Test
  void nothingDependsOnApp() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("io.rootctl.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.rootctl.app.."));
  }

  @Test
  void onlyMainExits() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("io.rootctl.app..")
            .should()
            .callMethod(System.class, "exit", int.class));
  }

  @Test
  void noSystemOutOutsideCliAndRender() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("io.rootctl.cli..", "io.rootctl.render..", "io.rootctl.app..")
            .should()
            .accessField(System.class, "out"));
  }
}
