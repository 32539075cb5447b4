package io.rootctl.cloud.aws;

import java.util.Locale;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS partitions rootctl works in, each with the Regions its global services IAM and
 * Organizations are served and signed in. The partition of a Region comes from the SDK's own
 * partition metadata ({@link PartitionMetadata#of(Region)}), never from its name's prefix.
 *
 * <ul>
 *   <li>IAM: us-east-1 ({@code iam.amazonaws.com}), us-gov-west-1 ({@code
 *       iam.us-gov.amazonaws.com}), cn-north-1 ({@code iam.cn-north-1.amazonaws.com.cn}): <a
 *       href="https://docs.aws.amazon.com/general/latest/gr/iam-service.html">IAM endpoints</a>.
 *   <li>Organizations: US East (N. Virginia), AWS GovCloud (US-West), China (Ningxia): <a
 *       href="https://docs.aws.amazon.com/organizations/latest/userguide/region-support.html">Region
 *       support for AWS Organizations</a>, <a
 *       href="https://docs.aws.amazon.com/general/latest/gr/ao.html">Organizations endpoints</a>.
 *   <li>ARNs start with {@code arn:PARTITION:}: <a
 *       href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html">IAM ARNs</a>.
 * </ul>
 */
public enum AwsPartition {
  AWS("aws", Region.US_EAST_1, Region.US_EAST_1),
  AWS_US_GOV("aws-us-gov", Region.US_GOV_WEST_1, Region.US_GOV_WEST_1),
  AWS_CN("aws-cn", Region.CN_NORTH_1, Region.CN_NORTHWEST_1);

  private final String id;
  private final Region iamRegion;
  private final Region organizationsRegion;

  AwsPartition(String id, Region iamRegion, Region organizationsRegion) {
    this.id = id;
    this.iamRegion = iamRegion;
    this.organizationsRegion = organizationsRegion;
  }

  /**
   * The partition of {@code region}, e.g. {@code aws-us-gov} for {@code us-gov-west-1}.
   *
   * @throws IllegalArgumentException for a Region of another partition (the ISO partitions, where
   *     root access management is not documented) or one the SDK does not know
   */
  public static AwsPartition of(String region) {
    var metadata = PartitionMetadata.of(Region.of(region.toLowerCase(Locale.ROOT)));
    for (var p : values()) {
      if (p.id.equals(metadata.id())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "region '"
            + region
            + "' is in the "
            + metadata.id()
            + " partition; rootctl works in aws, aws-us-gov and aws-cn");
  }

  /** The partition's ID, as in an ARN: {@code aws}, {@code aws-us-gov}, {@code aws-cn}. */
  public String id() {
    return id;
  }

  /** Where IAM is served and signed in this partition. */
  public Region iamRegion() {
    return iamRegion;
  }

  /** Where Organizations is served and signed in this partition. */
  public Region organizationsRegion() {
    return organizationsRegion;
  }
}
