package io.rootctl.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.cloud.RateLimits.Limit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RateLimitsTest {

  /**
   * AWS's published per-account figures:
   * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html#throttling-limits
   */
  static Stream<Arguments> published() {
    return Stream.of(
        Arguments.of("organizations.ListAccounts", 8, 12),
        Arguments.of("organizations.ListChildren", 6, 10),
        Arguments.of("organizations.ListParents", 5, 8),
        Arguments.of("organizations.ListAccountsForParent", 5, 8),
        Arguments.of("organizations.ListOrganizationalUnitsForParent", 5, 8),
        Arguments.of("organizations.ListRoots", 1, 2),
        Arguments.of("organizations.DescribeOrganization", 1, 2),
        Arguments.of("organizations.DescribeAccount", 20, 30),
        Arguments.of("organizations.DescribeOrganizationalUnit", 2, 2),
        Arguments.of("organizations.ListTagsForResource", 10, 15),
        Arguments.of("organizations.ListAWSServiceAccessForOrganization", 1, 3),
        Arguments.of("organizations.ListDelegatedServicesForAccount", 1, 3),
        Arguments.of("organizations.ListDelegatedAdministrators", 5, 8),
        Arguments.of("organizations.EnableAWSServiceAccess", 1, 2),
        Arguments.of("organizations.DisableAWSServiceAccess", 1, 2),
        Arguments.of("organizations.RegisterDelegatedAdministrator", 1, 2),
        Arguments.of("organizations.DeregisterDelegatedAdministrator", 1, 2),
        Arguments.of("sts", 300, 300),
        Arguments.of("iam", 20, 30));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("published")
  void defaultsAreAwsPublishedRatesAndBursts(String key, double perSecond, int burst) {
    assertThat(RateLimits.defaults().limit(key)).isEqualTo(new Limit(perSecond, burst));
  }

  @Test
  void anOrganizationsApiWithoutAPublishedRateGetsTheLowest() {
    assertThat(RateLimits.defaults().organizations("ListPoliciesForTarget"))
        .isEqualTo(new Limit(1, 2));
    assertThat(RateLimits.defaults().organizations("ListAccounts")).isEqualTo(new Limit(8, 12));
  }

  @Test
  void parsesRateSettingsAndScalesTheBurst() {
    var rates = RateLimits.defaults().parse("sts=600, organizations.ListAccounts=4,iam=10.5");

    assertThat(rates.limit("sts")).isEqualTo(new Limit(600, 600));
    assertThat(rates.limit("organizations.ListAccounts")).isEqualTo(new Limit(4, 6));
    assertThat(rates.limit("iam")).isEqualTo(new Limit(10.5, 16));
    assertThat(rates.limit("organizations.ListChildren")).isEqualTo(new Limit(6, 10));
  }

  @Test
  void organizationsAloneSetsEveryOrganizationsApi() {
    var rates = RateLimits.defaults().parse("organizations=2");

    assertThat(rates.limit("organizations.ListAccounts")).isEqualTo(new Limit(2, 3));
    assertThat(rates.limit("organizations.ListRoots")).isEqualTo(new Limit(2, 4));
    assertThat(rates.limit("sts")).isEqualTo(new Limit(300, 300));
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("organizations.ListAcounts=8", "unknown rate key 'organizations.ListAcounts'"),
        Arguments.of("s3=8", "unknown rate key 's3'"),
        Arguments.of("sts=0", "rate key 'sts' needs a positive number"),
        Arguments.of("sts=-1", "rate key 'sts' needs a positive number"),
        Arguments.of(
            "sts=fast",
            "rate key 'sts' needs a positive number of requests per second, not 'fast'"),
        Arguments.of("iam=NaN", "rate key 'iam'"),
        Arguments.of("iam=1e400", "rate key 'iam'"),
        Arguments.of("sts", "'sts' is not KEY=RATE"),
        Arguments.of("sts=300,", "'' is not KEY=RATE"),
        Arguments.of("=3", "'=3' is not KEY=RATE"),
        Arguments.of(" ", "expected KEY=RATE"));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("bad")
  void refusesBadSettingsNamingTheKey(String settings, String message) {
    assertThatThrownBy(() -> RateLimits.defaults().parse(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
