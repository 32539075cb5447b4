package io.rootctl.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.aws.AwsOrganizationClient.AccountListing;
import io.rootctl.cloud.aws.AwsOrganizationClient.AccountListingChoice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The walk's choice between ListAccountsForParent and ListChildren, on limiters that read a manual
 * clock: the one that admits a call sooner, in turn when both would at once; {@link
 * RateLimiter#due()} peeks without taking a permit.
 */
class AccountListingChoiceTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private RateLimiter limiter(double perSecond, int burst) {
    return new RateLimiter(perSecond, burst, nanos::get, d -> nanos.addAndGet(d.toNanos()));
  }

  @Test
  void dueSaysHowLongAPermitWouldWaitWithoutTakingIt() {
    var limiter = limiter(5, 1);
    assertThat(limiter.due()).isEqualTo(Duration.ZERO);
    assertThat(limiter.due()).as("peeking takes nothing").isEqualTo(Duration.ZERO);
    assertThat(limiter.reserve()).isEqualTo(Duration.ZERO);
    assertThat(limiter.due()).isEqualTo(Duration.ofMillis(200));
    limiter.reserve();
    assertThat(limiter.due()).isEqualTo(Duration.ofMillis(400));
    nanos.addAndGet(Duration.ofMillis(400).toNanos());
    assertThat(limiter.due()).isEqualTo(Duration.ZERO);
  }

  @Test
  void takesTheApiWhoseLimiterAdmitsSoonerInTurnWhenBothAdmitAtOnce() {
    var forParent = limiter(5, 8);
    var children = limiter(6, 10);
    var choice = AccountListingChoice.soonerOf(forParent, children);

    assertThat(List.of(choice.next(), choice.next(), choice.next(), choice.next()))
        .containsExactly(
            AccountListing.FOR_PARENT,
            AccountListing.CHILDREN,
            AccountListing.FOR_PARENT,
            AccountListing.CHILDREN);
    for (var i = 0; i < 8; i++) {
      forParent.reserve();
    }
    assertThat(choice.next())
        .as("ListAccountsForParent's bucket is empty")
        .isEqualTo(AccountListing.CHILDREN);
    for (var i = 0; i < 12; i++) {
      children.reserve();
    }
    assertThat(choice.next())
        .as("ListChildren's queue is longer")
        .isEqualTo(AccountListing.FOR_PARENT);
  }

  @Test
  void spreadsAColdWalkOverBothApisInProportionToTheirRates() {
    var forParent = limiter(5, 8);
    var children = limiter(6, 10);
    var choice = AccountListingChoice.soonerOf(forParent, children);
    var counts = new EnumMap<AccountListing, Integer>(AccountListing.class);
    var order = new ArrayList<AccountListing>();

    // 1,100 listings, each taking its permit as the walk's request would.
    for (var i = 0; i < 1_100; i++) {
      var listing = choice.next();
      (listing == AccountListing.FOR_PARENT ? forParent : children).reserve();
      counts.merge(listing, 1, Integer::sum);
      order.add(listing);
    }

    // Both queues drain at the same moment: the combined 11/s, not 5/s.
    assertThat(counts.get(AccountListing.FOR_PARENT)).isBetween(495, 510);
    assertThat(counts.get(AccountListing.CHILDREN)).isBetween(590, 605);
    assertThat(forParent.due().minus(children.due()).abs()).isLessThan(Duration.ofMillis(250));
    assertThat(children.due()).isLessThan(Duration.ofSeconds(101));
  }
}
