package io.rootctl.deploy;

import static io.rootctl.deploy.Chart.list;
import static io.rootctl.deploy.Chart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** deploy/prometheus: the alert rules, their promtool unit tests and their runbooks. */
class PrometheusRulesTest {
  static final Path RULES = Path.of("deploy/prometheus/rootctl-rules.yaml");
  static final Path RULE_TESTS = Path.of("deploy/prometheus/rootctl-rules.test.yaml");
  static final Path GUIDE = Path.of("docs/deploy.md");
  static final Set<String> ALERTS =
      Set.of(
          "RootctlDown",
          "RootctlGuardBlocked",
          "RootctlFeatureDisabled",
          "RootctlDriftDetected",
          "RootctlAccountsUnreadable",
          "RootctlReconcileFailing",
          "RootctlStalled",
          "RootctlDesiredStateInvalid",
          "RootctlAssumeRootErrors",
          "RootctlExceptionExpiringSoon",
          "RootctlRootMfaRequirementUnmet",
          "RootctlUnexpectedRootActivity",
          "RootctlEventSourceDown",
          "RootctlEventMessagesRejected");

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    var result = Promtool.requireInstalled().run("check", "rules", RULES.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + ALERTS.size() + " rules found");
  }

  @Test
  void promtoolUnitTestsOfTheRulesPass() throws Exception {
    var result = Promtool.requireInstalled().run("test", "rules", RULE_TESTS.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void rulesFileDefinesExactlyTheDocumentedAlerts() throws IOException {
    assertThat(rules().keySet()).isEqualTo(ALERTS);
  }

  @Test
  void unitTestsCoverEveryAlertBothFiringAndNotFiring() throws IOException {
    Map<String, Object> doc = map(new Yaml(new LoaderOptions()).load(Files.readString(RULE_TESTS)));
    var firing = new TreeSet<String>();
    var silent = new TreeSet<String>();
    for (Object test : list(doc.get("tests"))) {
      for (Object check : list(map(test).get("alert_rule_test"))) {
        var alert = (String) map(check).get("alertname");
        if (list(map(check).get("exp_alerts")).isEmpty()) {
          silent.add(alert);
        } else {
          firing.add(alert);
        }
      }
    }
    assertThat(firing).as("alerts tested firing").isEqualTo(new TreeSet<>(ALERTS));
    assertThat(silent).as("alerts tested not firing").isEqualTo(new TreeSet<>(ALERTS));
  }

  @Test
  void everyAlertHasSummaryDescriptionSeverityAndARunbookInTheDeployGuide() throws IOException {
    var anchors = headingAnchors(Files.readString(GUIDE));
    for (var rule : rules().entrySet()) {
      var annotations = map(rule.getValue().get("annotations"));
      assertThat(annotations)
          .as(rule.getKey())
          .containsKeys("summary", "description", "runbook_url");
      assertThat(map(rule.getValue().get("labels"))).as(rule.getKey()).containsKey("severity");
      var url = (String) annotations.get("runbook_url");
      assertThat(url).as(rule.getKey()).contains("/docs/deploy.md#");
      var anchor = url.substring(url.indexOf('#') + 1);
      assertThat(anchor).as(rule.getKey()).isEqualTo(rule.getKey().toLowerCase(Locale.ROOT));
      assertThat(anchors).as("docs/deploy.md has a heading for %s", rule.getKey()).contains(anchor);
    }
  }

  static Map<String, Map<String, Object>> rules() throws IOException {
    Map<String, Object> doc = map(new Yaml(new LoaderOptions()).load(Files.readString(RULES)));
    return HelmChartTest.rulesByAlert(doc);
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  static Set<String> headingAnchors(String markdown) {
    return markdown
        .lines()
        .filter(l -> l.startsWith("#"))
        .map(l -> l.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT))
        .map(h -> Pattern.compile("[^a-z0-9 _-]").matcher(h).replaceAll("").replace(' ', '-'))
        .collect(Collectors.toSet());
  }

  static List<String> expressions() throws IOException {
    return rules().values().stream().map(r -> String.valueOf(r.get("expr"))).toList();
  }
}
