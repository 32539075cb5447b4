package io.rootctl.engine;

import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.OrganizationProfile;
import io.rootctl.engine.Readiness.Line;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.Printable;
import io.rootctl.observe.LiveStateReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code rootctl check}'s reads and rules: the partition, the regional STS endpoint, the caller,
 * the feature set, trusted access for IAM and each root feature. Reads through a {@link
 * LiveStateReader}; writes nothing. Every failed read becomes a failed line naming the operation
 * and error, never a pass.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html">Centrally
 *     manage root access for member accounts</a>
 * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html">AssumeRoot
 *     (a regional STS endpoint only)</a>
 */
final class ReadinessCheck {
  private ReadinessCheck() {}

  /** The checks, in order, for STS in {@code region}. */
  static Readiness run(LiveStateReader reader, String region) {
    var lines = new ArrayList<Line>();
    var partition = partition(region);
    lines.add(
        Line.pass(
            "partition",
            partition + " (from region " + region + "; ARNs and endpoints follow it)"));
    OrganizationProfile profile = null;
    try {
      profile = reader.profile();
    } catch (CloudException e) {
      if (e.operation().startsWith("sts:")) {
        lines.add(
            Line.fail(
                "stsEndpoint",
                "the regional STS endpoint did not answer GetCallerIdentity: " + error(e),
                "allow HTTPS to sts."
                    + region
                    + ".amazonaws.com"
                    + (partition.equals("aws-cn") ? ".cn" : "")
                    + " (sts:AssumeRoot works only on a regional endpoint); check --region"));
      } else {
        lines.add(
            Line.fail(
                "organization",
                "cannot read the organization: " + error(e),
                "run as the management account or the IAM delegated administrator, with the"
                    + " permissions in deploy/iam/rootctl-observe-policy.json"
                    + " (organizations:DescribeOrganization,"
                    + " organizations:ListDelegatedAdministrators)"));
      }
    }
    if (profile != null) {
      lines.add(
          Line.pass(
              "stsEndpoint",
              "sts." + region + " answered GetCallerIdentity (account " + profile.caller() + ")"));
      if (profile.caller().equals(profile.managementAccount())) {
        lines.add(Line.pass("caller", profile.caller() + " is the management account"));
      } else if (profile.iamDelegatedAdministrators().contains(profile.caller())) {
        lines.add(
            Line.pass(
                "caller",
                profile.caller() + " is the delegated administrator for iam.amazonaws.com"));
      } else {
        lines.add(
            Line.fail(
                "caller",
                profile.caller()
                    + " is neither the management account ("
                    + profile.managementAccount()
                    + ") nor a delegated administrator for iam.amazonaws.com",
                "from the management account: aws organizations register-delegated-administrator"
                    + " --account-id "
                    + profile.caller()
                    + " --service-principal iam.amazonaws.com; or run rootctl with the management"
                    + " account's credentials"));
      }
      if (profile.featureSet().equals("ALL")) {
        lines.add(Line.pass("featureSet", "ALL"));
      } else {
        lines.add(
            Line.fail(
                "featureSet",
                Printable.escape(profile.featureSet())
                    + ": centralized root access needs all features",
                "from the management account: aws organizations enable-all-features (every"
                    + " member account must then accept the handshake)"));
      }
    }
    boolean trusted = false;
    var trustedRead = false;
    try {
      trusted = reader.iamTrustedAccess();
      trustedRead = true;
      lines.add(
          trusted
              ? Line.pass("trustedAccess", "iam.amazonaws.com is enabled")
              : Line.fail(
                  "trustedAccess",
                  "iam.amazonaws.com is not enabled",
                  "from the management account: aws organizations enable-aws-service-access"
                      + " --service-principal iam.amazonaws.com (or set a feature to enabled in"
                      + " the Organization document and apply)"));
    } catch (CloudException e) {
      lines.add(
          Line.fail(
              "trustedAccess",
              "cannot read it: " + error(e),
              "grant organizations:ListAWSServiceAccessForOrganization (deploy/iam)"));
    }
    Set<OrgFeature> features = Set.of();
    String unread = "";
    if (trusted) {
      try {
        features = reader.rootFeatures();
      } catch (CloudException e) {
        unread = "cannot read it: " + error(e);
      }
    } else if (trustedRead) {
      unread = "cannot be on while trusted access for iam.amazonaws.com is off";
    } else {
      unread = "not checked: trusted access for iam.amazonaws.com could not be read (above)";
    }
    for (var feature : OrgFeature.values()) {
      var fix =
          "from the management account: aws iam enable-organizations-"
              + kebab(feature.awsName())
              + " (or write features."
              + feature.yamlName()
              + ": enabled and apply)";
      if (!unread.isEmpty()) {
        lines.add(Line.fail(feature.awsName(), unread, fix));
      } else if (features.contains(feature)) {
        lines.add(Line.pass(feature.awsName(), "enabled"));
      } else {
        lines.add(Line.fail(feature.awsName(), "not enabled", fix));
      }
    }
    lines.addAll(preflight(reader, partition));
    return new Readiness(lines);
  }

  /**
   * The SCP/RCP preflight as check lines: one pass line when nothing denies, else one failed line
   * per statement (policy id and name, Sid, where attached, the task policy and the actions it
   * denies, the accounts), and a failed line for policies that could not be read.
   */
  static List<Line> preflight(LiveStateReader reader, String partition) {
    var lines = new ArrayList<Line>();
    io.rootctl.live.OrganizationTree tree;
    try {
      tree = reader.tree();
    } catch (CloudException e) {
      lines.add(
          Line.fail(
              "scp",
              "cannot read the organization to check its SCPs: " + error(e),
              "grant the permissions in deploy/iam/rootctl-observe-policy.json"));
      return lines;
    }
    var result = Preflight.run(reader, tree, a -> true, partition, Preflight.allSessions());
    for (var finding : result.findings()) {
      lines.add(
          Line.fail(
              "scp",
              finding.describe(),
              "exempt root sessions in that statement (Condition \"Null\": {\"aws:AssumedRoot\":"
                  + " \"true\"}; Control Tower: set ExemptAssumeRoot on the root user control),"
                  + " or detach the policy"));
    }
    for (var unread : result.unread()) {
      lines.add(
          Line.fail(
              "scp",
              "cannot read the SCPs/RCPs of " + unread.describe() + ": the preflight is incomplete",
              "when access was denied, grant organizations:ListPolicies,"
                  + " organizations:DescribePolicy and organizations:ListTargetsForPolicy (the"
                  + " observe policy in deploy/iam of rootctl's repository); when throttled, run"
                  + " it again later"));
    }
    if (lines.isEmpty()) {
      lines.add(
          Line.pass(
              "scp",
              "no SCP or RCP statement on any account's path denies rootctl's root sessions"));
    }
    return lines;
  }

  private static String error(CloudException e) {
    return Printable.escape(String.valueOf(e.getMessage()));
  }

  /** {@code RootSessions} to {@code root-sessions}. */
  static String kebab(String awsName) {
    return awsName.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /**
   * The AWS partition of {@code region}, as the SDK's partition metadata names it: {@code aws-cn}
   * for {@code cn-*}, {@code aws-us-gov} for {@code us-gov-*}, {@code aws-iso} for {@code
   * us-iso-*}, {@code aws-iso-b} for {@code us-isob-*}, {@code aws-iso-e} for {@code eu-isoe-*},
   * {@code aws-iso-f} for {@code us-isof-*}, else {@code aws}. See <a
   * href="https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html">AWS
   * partitions</a>.
   */
  static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    if (region.startsWith("us-isob-")) {
      return "aws-iso-b";
    }
    if (region.startsWith("us-isof-")) {
      return "aws-iso-f";
    }
    if (region.startsWith("eu-isoe-")) {
      return "aws-iso-e";
    }
    if (region.startsWith("us-iso-")) {
      return "aws-iso";
    }
    return "aws";
  }
}
