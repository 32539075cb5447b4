package io.rootctl.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.preflight.ScpEvaluator.Attached;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests of the SCP/RCP preflight evaluator. */
class ScpEvaluatorTest {
  static final AccountId ACCOUNT = AccountId.of("555555555555");
  static final Set<TaskPolicy> ROOTCTL =
      EnumSet.of(
          TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS,
          TaskPolicy.DELETE_ROOT_USER_CREDENTIALS,
          TaskPolicy.CREATE_ROOT_USER_PASSWORD);

  record Case(String name, String statement, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "deny everything to root, no exemption",
            """
            {"Sid":"DenyRoot","Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::*:root"]}}}""",
            "certain IAMAuditRootUserCredentials IAMDeleteRootUserCredentials"
                + " IAMCreateRootUserPassword"),
        new Case(
            "AWS's example: root denied unless a root session (Null aws:AssumedRoot true)",
            """
            {"Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::*:root"]},
                          "Null":{"aws:AssumedRoot":"true"}}}""",
            ""),
        new Case(
            "Control Tower's ExemptAssumeRoot shape: Bool aws:AssumedRoot false",
            """
            {"Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"StringLike":{"aws:PrincipalArn":"arn:*:iam::*:root"},
                          "BoolIfExists":{"aws:AssumedRoot":"false"}}}""",
            ""),
        new Case(
            "deny delete actions by wildcard",
            """
            {"Sid":"NoDeletes","Effect":"Deny","Action":["iam:Delete*"],"Resource":"*"}""",
            "certain IAMDeleteRootUserCredentials"),
        new Case(
            "NotAction leaves the audit reads alone",
            """
            {"Sid":"ReadOnly","Effect":"Deny",
             "NotAction":["iam:Get*","iam:List*"],"Resource":"*"}""",
            "certain IAMDeleteRootUserCredentials IAMCreateRootUserPassword"),
        new Case(
            "case-insensitive action",
            """
            {"Effect":"Deny","Action":"IAM:createloginprofile","Resource":"*"}""",
            "certain IAMCreateRootUserPassword"),
        new Case(
            "an Allow statement never denies",
            """
            {"Effect":"Allow","Action":"*","Resource":"*"}""",
            ""),
        new Case(
            "another account's principal",
            """
            {"Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:root"}}}""",
            ""),
        new Case(
            "NotResource that excludes the root user",
            """
            {"Effect":"Deny","Action":"iam:*","NotResource":"arn:aws:iam::*:root"}""",
            ""),
        new Case(
            "a negated operator on an absent key holds",
            """
            {"Effect":"Deny","Action":"iam:DeleteAccessKey","Resource":"*",
             "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-1"}}}""",
            "possible IAMDeleteRootUserCredentials"),
        new Case(
            "a key it cannot decide may deny",
            """
            {"Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}""",
            "possible IAMAuditRootUserCredentials IAMDeleteRootUserCredentials"
                + " IAMCreateRootUserPassword"),
        new Case(
            "a set operator may deny",
            """
            {"Effect":"Deny","Action":"iam:CreateLoginProfile","Resource":"*",
             "Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":"x"}}}""",
            "possible IAMCreateRootUserPassword"),
        new Case(
            "StringNotLike that spares root",
            """
            {"Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}""",
            ""));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decidesWhichSessionsAStatementDenies(Case c) {
    var policy =
        OrganizationPolicy.parse(
            "p-1",
            "guardrail",
            "SERVICE_CONTROL_POLICY",
            "{\"Statement\":[" + c.statement() + "]}");

    var denials =
        ScpEvaluator.denials(List.of(new Attached(policy, "root r-ex12")), ACCOUNT, "aws", ROOTCTL);

    var got =
        denials.isEmpty()
            ? ""
            : (denials.get(0).certain() ? "certain " : "possible ")
                + String.join(" ", denials.stream().map(d -> d.taskPolicy().policyName()).toList());
    assertThat(got).isEqualTo(c.expected());
  }

  /** Every statement that denies in some account is one the policy-first preflight places. */
  @ParameterizedTest
  @MethodSource("cases")
  void mayDenyIsTrueForEveryPolicyThatDeniesSomewhere(Case c) {
    var policy =
        OrganizationPolicy.parse(
            "p-1",
            "guardrail",
            "SERVICE_CONTROL_POLICY",
            "{\"Statement\":[" + c.statement() + "]}");
    for (var account : List.of(ACCOUNT, AccountId.of("111122223333"))) {
      for (var partition : List.of("aws", "aws-us-gov")) {
        if (!ScpEvaluator.denials(List.of(new Attached(policy, "r")), account, partition, ROOTCTL)
            .isEmpty()) {
          assertThat(ScpEvaluator.mayDeny(policy, ROOTCTL)).as(c.name()).isTrue();
        }
      }
    }
  }

  record MayDeny(String name, String type, String statement, boolean expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<MayDeny> mayDenyCases() {
    return Stream.of(
        new MayDeny(
            "FullAWSAccess: allow only",
            "SERVICE_CONTROL_POLICY",
            """
            {"Effect":"Allow","Action":"*","Resource":"*"}""",
            false),
        new MayDeny(
            "root denied unless a root session (Null aws:AssumedRoot true)",
            "SERVICE_CONTROL_POLICY",
            """
            {"Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::*:root"]},
                          "Null":{"aws:AssumedRoot":"true"}}}""",
            false),
        new MayDeny(
            "Control Tower ExemptAssumeRoot (BoolIfExists aws:AssumedRoot false)",
            "SERVICE_CONTROL_POLICY",
            """
            {"Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"BoolIfExists":{"aws:AssumedRoot":"false"}}}""",
            false),
        new MayDeny(
            "deny of actions rootctl never calls",
            "SERVICE_CONTROL_POLICY",
            """
            {"Effect":"Deny","Action":["ec2:*","iam:CreateUser"],"Resource":"*"}""",
            false),
        new MayDeny(
            "an RCP denying IAM governs nothing (RCPs do not cover IAM)",
            "RESOURCE_CONTROL_POLICY",
            """
            {"Effect":"Deny","Principal":"*","Action":"iam:*","Resource":"*"}""",
            false),
        new MayDeny(
            "an RCP denying S3 may deny the S3 unlock session",
            "RESOURCE_CONTROL_POLICY",
            """
            {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}""",
            true),
        new MayDeny(
            "a condition on the account is decided per account: may deny",
            "SERVICE_CONTROL_POLICY",
            """
            {"Effect":"Deny","Action":"iam:DeleteAccessKey","Resource":"*",
             "Condition":{"StringEquals":{"aws:PrincipalAccount":"555555555555"}}}""",
            true),
        new MayDeny(
            "a resource naming one account's root: decided per account, may deny",
            "SERVICE_CONTROL_POLICY",
            """
            {"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::555555555555:root"}""",
            true),
        new MayDeny(
            "NotAction leaving a rootctl action denied",
            "SERVICE_CONTROL_POLICY",
            """
            {"Effect":"Deny","NotAction":["iam:Get*","iam:List*"],"Resource":"*"}""",
            true));
  }

  @ParameterizedTest
  @MethodSource("mayDenyCases")
  void mayDenyPlacesOnlyPoliciesThatCanDenyARootSession(MayDeny c) {
    var policy =
        OrganizationPolicy.parse(
            "p-1", "guardrail", c.type(), "{\"Statement\":[" + c.statement() + "]}");

    assertThat(ScpEvaluator.mayDeny(policy, ScpEvaluator.ACTIONS.keySet())).isEqualTo(c.expected());
  }

  @Test
  void mayDenyLooksOnlyAtTheSessionsAsked() {
    var policy =
        OrganizationPolicy.parse(
            "p-1",
            "NoPasswords",
            "SERVICE_CONTROL_POLICY",
            """
            {"Statement":[{"Effect":"Deny","Action":"iam:CreateLoginProfile","Resource":"*"}]}""");

    assertThat(ScpEvaluator.mayDeny(policy, Set.of(TaskPolicy.CREATE_ROOT_USER_PASSWORD))).isTrue();
    assertThat(ScpEvaluator.mayDeny(policy, Set.of(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)))
        .isFalse();
  }

  @Test
  void aDenialNamesPolicyStatementTargetAndActions() {
    var policy =
        OrganizationPolicy.parse(
            "p-abc12345",
            "NoRootDeletes",
            "SERVICE_CONTROL_POLICY",
            """
            {"Version":"2012-10-17","Statement":{"Sid":"NoDeletes","Effect":"Deny",
             "Action":["iam:DeleteLoginProfile","iam:DeactivateMFADevice"],"Resource":"*"}}""");

    var denials =
        ScpEvaluator.denials(
            List.of(new Attached(policy, "/Root/Workloads (ou-ex12-aaaaaaa2)")),
            ACCOUNT,
            "aws",
            ROOTCTL);

    assertThat(denials).hasSize(1);
    assertThat(denials.get(0).actions())
        .containsExactly("iam:DeleteLoginProfile", "iam:DeactivateMFADevice");
    assertThat(denials.get(0).describe())
        .isEqualTo(
            "SCP p-abc12345 (NoRootDeletes), statement NoDeletes, attached to /Root/Workloads"
                + " (ou-ex12-aaaaaaa2) denies iam:DeleteLoginProfile, iam:DeactivateMFADevice in"
                + " IAMDeleteRootUserCredentials sessions");
  }

  @Test
  void theRootArnFollowsThePartition() {
    var policy =
        OrganizationPolicy.parse(
            "p-1",
            "gov",
            "SERVICE_CONTROL_POLICY",
            """
            {"Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*",
             "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws-us-gov:iam::*:root"}}}]}""");
    var path = List.of(new Attached(policy, "root"));

    assertThat(ScpEvaluator.denials(path, ACCOUNT, "aws-us-gov", ROOTCTL)).hasSize(3);
    assertThat(ScpEvaluator.denials(path, ACCOUNT, "aws", ROOTCTL)).isEmpty();
  }

  @Test
  void anRcpGovernsOnlyTheServicesRcpsCover() {
    var policy =
        OrganizationPolicy.parse(
            "p-r",
            "rcp",
            "RESOURCE_CONTROL_POLICY",
            "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}");

    var denials =
        ScpEvaluator.denials(
            List.of(new Attached(policy, "root")),
            ACCOUNT,
            "aws",
            EnumSet.of(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, TaskPolicy.S3_UNLOCK_BUCKET_POLICY));

    assertThat(denials)
        .extracting(d -> d.taskPolicy())
        .containsExactly(TaskPolicy.S3_UNLOCK_BUCKET_POLICY);
  }

  @Test
  void aDocumentThatIsNotAPolicyIsRefused() {
    assertThatThrownBy(() -> OrganizationPolicy.parse("p", "n", "SERVICE_CONTROL_POLICY", "{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON policy document");
    assertThatThrownBy(
            () ->
                OrganizationPolicy.parse(
                    "p", "n", "SERVICE_CONTROL_POLICY", "{\"Statement\":[{\"Effect\":\"Maybe\"}]}"))
        .hasMessageContaining("Effect must be Allow or Deny");
  }
}
