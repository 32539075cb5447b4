package io.rootctl.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md (STYLE.md B2's table "package | may depend on", and where the
 * code needs more) and the import boundaries of STYLE.md B2, checked on the compiled main classes.
 * A change to the layers changes docs/architecture.md too.
 */
class ArchitectureTest {
  /**
   * STYLE.md B2's table as written: each package (with its subpackages, except those that are
   * packages of their own here) and the packages it may depend on. {@code app}, the composition
   * root, may depend on everything and is left out. "engine: all core packages and ports" is
   * spelled out; it leaves out {@code render} and {@code plan.json}: the drivers show and save
   * plans, the engine hands them values (STYLE.md B4).
   */
  private static final Map<String, List<String>> MAY_DEPEND_ON = table();

  private static Map<String, List<String>> table() {
    var t = new LinkedHashMap<String, List<String>>();
    t.put("cli", List.of("engine", "render", "plan.json", "desired.yaml", "unlock"));
    t.put("model", List.of());
    t.put("desired", List.of("model"));
    t.put("desired.yaml", List.of("desired", "model"));
    t.put("live", List.of("model"));
    t.put("preflight", List.of("model"));
    t.put("observe", List.of("cloud", "live"));
    t.put("plan", List.of("desired", "live", "model"));
    t.put("plan.json", List.of("plan"));
    t.put("render", List.of("plan", "apply", "desired.yaml"));
    t.put("apply", List.of("cloud", "plan", "audit", "metrics"));
    t.put(
        "engine",
        List.of(
            "model",
            "desired",
            "desired.yaml",
            "live",
            "observe",
            "plan",
            "apply",
            "cloud",
            "audit",
            "metrics",
            "lock",
            "preflight"));
    t.put("cloud", List.of("model", "live"));
    t.put("cloud.aws", List.of("cloud"));
    t.put("cloud.cache", List.of("cloud"));
    t.put("lock", List.of("cloud"));
    t.put("lock.s3", List.of("lock"));
    t.put("unlock", List.of("cloud", "audit", "lock"));
    t.put("control", List.of("engine", "events"));
    t.put("events", List.of("model"));
    t.put("audit", List.of("model"));
    t.put("metrics", List.of("model"));
    t.put("http", List.of("control", "metrics"));
    t.put("sim", List.of("cloud", "live", "model", "preflight"));
    t.put("sim.http", List.of("sim"));
    return t;
  }

  /** Where the code needs more than the table says, each with its reason. */
  private record Beyond(String from, String to, String reason) {}

  private static final List<Beyond> BEYOND_THE_TABLE =
      List.of(
          new Beyond(
              "desired",
              "live",
              "PolicyResolver resolves OU paths and account ids against the live"
                  + " OrganizationTree (STYLE.md B3 gives it that signature)"),
          new Beyond(
              "apply",
              "observe",
              "the stale-plan check and the post-apply verification re-read accounts, uncached,"
                  + " through observe's LiveStateReader (STYLE.md B4)"),
          new Beyond(
              "metrics",
              "audit",
              "MeteredAuditLog decorates the AuditLog port to count audit writes"),
          new Beyond(
              "cli",
              "control",
              "rootctl controller configures and starts the controller (ControllerConfig)"),
          new Beyond("cli", "sim", "rootctl sim and rootctl demo run the emulator"),
          new Beyond(
              "cli", "sim.http", "rootctl sim and rootctl demo serve the emulator over HTTP"));

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

  /**
   * Every main class is in a layer, and a layer uses only the layers it may: those the table (and
   * {@link #BEYOND_THE_TABLE}) names, and what those may use in turn (plan.json reads plans made of
   * model values, so it may use model). A new package is a subpackage of a layer, or is added here
   * and to docs/architecture.md.
   */
  @Test
  void layersUseOnlyTheLayersTheyMay() {
    check(layers());
  }

  private static LayeredArchitecture layers() {
    var names = new ArrayList<>(MAY_DEPEND_ON.keySet());
    names.add("app");
    var arch =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture();
    for (var name : names) {
      arch = arch.layer(name).definedBy(packageOf(name, names));
    }
    for (var name : MAY_DEPEND_ON.keySet()) {
      var allowed = mayUse(name);
      arch =
          allowed.isEmpty()
              ? arch.whereLayer(name).mayNotAccessAnyLayer()
              : arch.whereLayer(name).mayOnlyAccessLayers(allowed.toArray(String[]::new));
    }
    return arch.whereLayer("app").mayNotBeAccessedByAnyLayer();
  }

  /** The layers {@code name} may use: its own entries and theirs, transitively. */
  private static Set<String> mayUse(String name) {
    var out = new TreeSet<String>();
    var todo = new ArrayList<>(direct(name));
    while (!todo.isEmpty()) {
      var next = todo.removeLast();
      if (out.add(next)) {
        todo.addAll(direct(next));
      }
    }
    out.remove(name);
    return out;
  }

  private static List<String> direct(String name) {
    var all = new ArrayList<>(MAY_DEPEND_ON.get(name));
    BEYOND_THE_TABLE.stream().filter(b -> b.from().equals(name)).forEach(b -> all.add(b.to()));
    return all;
  }

  /** io.rootctl.NAME and its subpackages, less those that are layers of their own. */
  private static DescribedPredicate<JavaClass> packageOf(String name, List<String> names) {
    var inner =
        names.stream()
            .filter(n -> n.startsWith(name + "."))
            .map(n -> "io.rootctl." + n + "..")
            .toArray(String[]::new);
    var in = resideInAPackage("io.rootctl." + name + "..");
    return inner.length == 0 ? in : in.and(DescribedPredicate.not(resideInAnyPackage(inner)));
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
  void onlyCloudAwsAndLockS3UseTheAwsSdk() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("io.rootctl.cloud.aws..", "io.rootctl.lock.s3..")
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
