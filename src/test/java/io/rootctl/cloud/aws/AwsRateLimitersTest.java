package io.rootctl.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.CallListener;
import io.rootctl.cloud.CallListener.Outcome;
import io.rootctl.cloud.RateLimits;
import io.rootctl.model.TaskPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AwsRateLimitersTest {
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final AwsRateLimiters limiters =
      new AwsRateLimiters(RateLimits.defaults(), nanos::get, d -> nanos.addAndGet(d.toNanos()));

  /** How many permits go at once, and the wait for the next one. */
  private static List<Duration> firstReservations(RateLimiter limiter, int count) {
    var waits = new ArrayList<Duration>();
    for (int i = 0; i < count; i++) {
      waits.add(limiter.reserve());
    }
    return waits;
  }

  @Test
  void eachOrganizationsApiHasItsOwnPublishedRateAndBurst() {
    var listAccounts = firstReservations(limiters.organizations("ListAccounts"), 13);
    assertThat(listAccounts.subList(0, 12)).allMatch(Duration::isZero);
    assertThat(listAccounts.get(12)).isEqualTo(Duration.ofMillis(125));

    var listChildren = firstReservations(limiters.organizations("ListChildren"), 11);
    assertThat(listChildren.subList(0, 10)).allMatch(Duration::isZero);
    assertThat(listChildren.get(10)).isEqualTo(Duration.ofNanos(166_666_667));

    for (var op :
        List.of("ListParents", "ListAccountsForParent", "ListOrganizationalUnitsForParent")) {
      var waits = firstReservations(limiters.organizations(op), 9);
      assertThat(waits.subList(0, 8)).as(op).allMatch(Duration::isZero);
      assertThat(waits.get(8)).as(op).isEqualTo(Duration.ofMillis(200));
    }
    for (var op : List.of("ListRoots", "DescribeOrganization")) {
      var waits = firstReservations(limiters.organizations(op), 3);
      assertThat(waits.subList(0, 2)).as(op).allMatch(Duration::isZero);
      assertThat(waits.get(2)).as(op).isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void stsAndIamHaveTheirDefaults() {
    var sts = firstReservations(limiters.sts(), 301);
    assertThat(sts.subList(0, 300)).allMatch(Duration::isZero);
    assertThat(sts.get(300)).isEqualTo(Duration.ofNanos(3_333_334));
    assertThat(limiters.sts().maxRatePerSecond()).isEqualTo(300.0);
    var iam = limiters.newMemberAccountIam();
    assertThat(iam.maxRatePerSecond()).isEqualTo(20.0);
    assertThat(iam).isNotSameAs(limiters.newMemberAccountIam());
  }

  @Test
  void aThrottledAttemptSlowsOnlyTheApiThatWasThrottled() {
    var heard = new ArrayList<String>();
    var next =
        new CallListener() {
          @Override
          public void request(String service, String operation, Outcome outcome) {
            heard.add(service + ":" + operation + " " + outcome);
          }

          @Override
          public void assumeRoot(TaskPolicy policy, Outcome outcome) {}
        };
    var feedback = AwsRateLimiters.feedback(next, limiters::of);

    feedback.request("organizations", "ListAccountsForParent", Outcome.THROTTLED);
    feedback.request("organizations", "ListOrganizationalUnitsForParent", Outcome.OK);
    feedback.request("sts", "AssumeRoot", Outcome.ERROR);

    assertThat(limiters.organizations("ListAccountsForParent").ratePerSecond()).isEqualTo(3.5);
    assertThat(limiters.organizations("ListOrganizationalUnitsForParent").ratePerSecond())
        .isEqualTo(5.0);
    assertThat(limiters.sts().ratePerSecond()).isEqualTo(300.0);
    assertThat(heard)
        .containsExactly(
            "organizations:ListAccountsForParent THROTTLED",
            "organizations:ListOrganizationalUnitsForParent OK",
            "sts:AssumeRoot ERROR");
  }

  @Test
  void reportsTheRateInForcePerApi() {
    limiters.sts().throttled();
    var rates = limiters.rates();
    assertThat(rates)
        .anySatisfy(
            r -> {
              assertThat(r.service() + ":" + r.operation()).isEqualTo("sts:AssumeRoot");
              assertThat(r.perSecond().getAsDouble())
                  .isCloseTo(210.0, org.assertj.core.data.Offset.offset(1e-9));
            })
        .anySatisfy(
            r -> {
              assertThat(r.service() + ":" + r.operation()).isEqualTo("organizations:ListAccounts");
              assertThat(r.perSecond().getAsDouble()).isEqualTo(8.0);
            });
  }
}
