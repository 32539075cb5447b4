package io.rootctl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.model.TaskPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The least-privilege IAM policies in deploy/iam: exactly the calls rootctl makes, no more. */
class IamPolicyTest {
  static final Path CONTROLLER = Path.of("deploy/iam/rootctl-controller-policy.json");
  static final Path OBSERVE = Path.of("deploy/iam/rootctl-observe-policy.json");
  static final List<String> ORG_READS =
      List.of(
          "organizations:DescribeOrganization",
          "organizations:ListRoots",
          "organizations:ListOrganizationalUnitsForParent",
          "organizations:ListAccountsForParent",
          "organizations:ListAccounts",
          "organizations:ListChildren",
          "organizations:DescribeAccount",
          "organizations:ListParents",
          "organizations:ListAWSServiceAccessForOrganization",
          "organizations:ListDelegatedAdministrators",
          "organizations:ListPolicies",
          "organizations:ListTargetsForPolicy",
          "organizations:DescribePolicy");

  @Test
  void controllerPolicyAllowsOrgReadsFeatureCallsAndScopedAssumeRoot() throws IOException {
    var policy = read(CONTROLLER);
    var expected = new TreeSet<>(ORG_READS);
    expected.addAll(
        List.of(
            "organizations:EnableAWSServiceAccess",
            "iam:ListOrganizationsFeatures",
            "iam:EnableOrganizationsRootCredentialsManagement",
            "iam:EnableOrganizationsRootSessions",
            "iam:DisableOrganizationsRootCredentialsManagement",
            "iam:DisableOrganizationsRootSessions",
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "sts:AssumeRoot",
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibility",
            "sqs:GetQueueAttributes",
            "kms:Decrypt"));

    assertThat(allowedActions(policy)).isEqualTo(expected);
    // The event source: the one queue and its key, never every queue or key.
    assertThat(statementFor(policy, "sqs:ReceiveMessage").path("Resource").asText())
        .isEqualTo("EVENTS_QUEUE_ARN");
    assertThat(statementFor(policy, "kms:Decrypt").path("Resource").asText())
        .isEqualTo("EVENTS_KEY_ARN");
    // The writer lock: the one object, never the bucket or every object in it.
    assertThat(statementFor(policy, "s3:PutObject").path("Resource").asText())
        .isEqualTo("arn:aws:s3:::LOCK_BUCKET/rootctl/writer.lock");
    assertThat(
            condition(statementFor(policy, "sts:AssumeRoot"), "StringEquals", "sts:TaskPolicyArn"))
        .containsExactlyInAnyOrder(
            TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn(),
            TaskPolicy.DELETE_ROOT_USER_CREDENTIALS.arn(),
            TaskPolicy.CREATE_ROOT_USER_PASSWORD.arn());
    assertThat(
            condition(
                statementFor(policy, "organizations:EnableAWSServiceAccess"),
                "StringEquals",
                "organizations:ServicePrincipal"))
        .containsExactly("iam.amazonaws.com");
  }

  @Test
  void observePolicyOnlyReadsAndAuditsRootCredentials() throws IOException {
    var policy = read(OBSERVE);
    var expected = new TreeSet<>(ORG_READS);
    expected.addAll(List.of("iam:ListOrganizationsFeatures", "sts:AssumeRoot"));

    assertThat(allowedActions(policy)).isEqualTo(expected);
    assertThat(
            condition(statementFor(policy, "sts:AssumeRoot"), "StringEquals", "sts:TaskPolicyArn"))
        .containsExactly(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn());
  }

  @Test
  void policiesAreAllowOnlyWithoutWildcardActions() throws IOException {
    for (Path file : List.of(CONTROLLER, OBSERVE)) {
      var policy = read(file);
      assertThat(policy.path("Version").asText()).as(file.toString()).isEqualTo("2012-10-17");
      for (JsonNode statement : policy.path("Statement")) {
        assertThat(statement.path("Effect").asText()).as(file.toString()).isEqualTo("Allow");
        assertThat(statement.has("NotAction")).as(file.toString()).isFalse();
      }
      assertThat(allowedActions(policy)).as(file.toString()).noneMatch(a -> a.contains("*"));
    }
  }

  @Test
  void deployGuideQuotesBothPoliciesVerbatim() throws IOException {
    var guide = Files.readString(Path.of("docs/deploy.md"));

    assertThat(guide).contains(Files.readString(CONTROLLER).strip());
    assertThat(guide).contains(Files.readString(OBSERVE).strip());
  }

  private static JsonNode read(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  private static Set<String> allowedActions(JsonNode policy) {
    var actions = new TreeSet<String>();
    for (JsonNode statement : policy.path("Statement")) {
      actions.addAll(strings(statement.path("Action")));
    }
    return actions;
  }

  private static JsonNode statementFor(JsonNode policy, String action) {
    var found = new ArrayList<JsonNode>();
    for (JsonNode statement : policy.path("Statement")) {
      if (strings(statement.path("Action")).contains(action)) {
        found.add(statement);
      }
    }
    assertThat(found).as("exactly one statement allows %s", action).hasSize(1);
    return found.getFirst();
  }

  private static List<String> condition(JsonNode statement, String operator, String key) {
    var node = statement.path("Condition").path(operator).path(key);
    assertThat(node.isMissingNode()).as("Condition %s %s", operator, key).isFalse();
    return strings(node);
  }

  private static List<String> strings(JsonNode node) {
    var out = new ArrayList<String>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }
}
