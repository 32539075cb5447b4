package io.rootctl.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.model.TaskPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/** Partitions from the Region, their ARNs and global-service Regions; the Region chain. */
class AwsPartitionTest {
  @TempDir Path dir;

  @Test
  void thePartitionComesFromTheSdksMetadataAndChoosesIamAndOrganizationsRegions() {
    assertThat(AwsPartition.of("eu-west-1")).isEqualTo(AwsPartition.AWS);
    assertThat(AwsPartition.of("us-gov-east-1")).isEqualTo(AwsPartition.AWS_US_GOV);
    assertThat(AwsPartition.of("cn-north-1")).isEqualTo(AwsPartition.AWS_CN);

    assertThat(AwsPartition.AWS.iamRegion()).isEqualTo(Region.US_EAST_1);
    assertThat(AwsPartition.AWS_US_GOV.iamRegion()).isEqualTo(Region.US_GOV_WEST_1);
    assertThat(AwsPartition.AWS_US_GOV.organizationsRegion()).isEqualTo(Region.US_GOV_WEST_1);
    assertThat(AwsPartition.AWS_CN.iamRegion()).isEqualTo(Region.CN_NORTH_1);
    assertThat(AwsPartition.AWS_CN.organizationsRegion()).isEqualTo(Region.CN_NORTHWEST_1);
    assertThat(AwsSettings.defaults().withRegion("us-gov-west-1").partition().id())
        .isEqualTo("aws-us-gov");
  }

  @Test
  void anIsoRegionIsRefused() {
    assertThatThrownBy(() -> AwsPartition.of("us-iso-east-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aws-iso");
    assertThatThrownBy(() -> AwsSettings.defaults().withRegion("us-iso-east-1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void taskPolicyArnsFollowThePartition() {
    var audit = TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS;
    assertThat(audit.arn(AwsPartition.of("us-gov-west-1").id()))
        .isEqualTo("arn:aws-us-gov:iam::aws:policy/root-task/IAMAuditRootUserCredentials");
    assertThat(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS.arn(AwsPartition.of("cn-north-1").id()))
        .isEqualTo("arn:aws-cn:iam::aws:policy/root-task/IAMDeleteRootUserCredentials");
    assertThat(audit.arn()).isEqualTo(audit.arn("aws"));
    assertThat(TaskPolicy.fromArn("arn:aws-cn:iam::aws:policy/root-task/SQSUnlockQueuePolicy"))
        .isEqualTo(TaskPolicy.SQS_UNLOCK_QUEUE_POLICY);
    assertThatThrownBy(() -> audit.arn("aws-iso")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> TaskPolicy.fromArn("arn:aws-iso:iam::aws:policy/root-task/S3UnlockBucketPolicy"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void regionComesFromFlagThenAwsRegionThenAwsDefaultRegionThenTheProfile() throws Exception {
    var config = dir.resolve("config");
    Files.writeString(
        config,
        """
        [default]
        region = ap-southeast-2
        [profile gov]
        region = us-gov-west-1
        """);
    var all =
        Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_DEFAULT_REGION", "eu-central-1",
            "AWS_PROFILE", "gov");
    var profiles = ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION);

    assertThat(chain(all, profiles).resolve(Optional.of("us-west-2"), Optional.empty()))
        .isEqualTo(new AwsRegionChain.Resolved("us-west-2", "--region"));
    assertThat(chain(all, profiles).resolve(Optional.empty(), Optional.empty()))
        .isEqualTo(new AwsRegionChain.Resolved("eu-west-1", "AWS_REGION"));
    assertThat(
            chain(Map.of("AWS_DEFAULT_REGION", "eu-central-1", "AWS_PROFILE", "gov"), profiles)
                .resolve(Optional.empty(), Optional.empty()))
        .isEqualTo(new AwsRegionChain.Resolved("eu-central-1", "AWS_DEFAULT_REGION"));
    assertThat(
            chain(Map.of("AWS_PROFILE", "gov"), profiles)
                .resolve(Optional.empty(), Optional.empty()))
        .isEqualTo(new AwsRegionChain.Resolved("us-gov-west-1", "profile gov"));
    assertThat(
            chain(Map.of("AWS_PROFILE", "gov"), profiles)
                .resolve(Optional.empty(), Optional.of("default")))
        .as("--profile beats AWS_PROFILE")
        .isEqualTo(new AwsRegionChain.Resolved("ap-southeast-2", "profile default"));
    assertThat(chain(Map.of(), profiles).resolve(Optional.empty(), Optional.of("none")))
        .isEqualTo(new AwsRegionChain.Resolved("us-east-1", "default"));
  }

  private static AwsRegionChain chain(Map<String, String> env, ProfileFile.Builder profiles) {
    var file = profiles.build();
    return new AwsRegionChain(
        name -> Optional.ofNullable(env.get(name)), name -> Optional.empty(), () -> file);
  }
}
