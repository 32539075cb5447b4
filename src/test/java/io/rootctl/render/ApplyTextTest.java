package io.rootctl.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.apply.AccountOutcome;
import io.rootctl.apply.ActionFailure;
import io.rootctl.apply.ApplyResult;
import io.rootctl.apply.OrganizationResult;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.EnableRootFeature;
import io.rootctl.plan.EnableTrustedAccess;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplyTextTest {
  private static final Instant T = Instant.parse("2026-11-23T09:00:00Z");
  private static final AccountId A = AccountId.of("111122223333");
  private static final AccountId B = AccountId.of("444455556666");

  @Test
  void countsWhatWasDoneInConvergedAndFailedAccountsAndTheFeaturesEnabled() {
    var result =
        new ApplyResult(
            "run-1",
            T,
            T,
            Optional.of(
                new OrganizationResult(
                    List.of(
                        new EnableTrustedAccess("iam.amazonaws.com"),
                        new EnableRootFeature(OrgFeature.ROOT_SESSIONS)),
                    List.of(),
                    Optional.empty())),
            List.of(
                new AccountOutcome.Converged(
                    A,
                    List.of(new DeleteAccessKey("AKIA1"), new AllowPasswordRecovery()),
                    List.of()),
                new AccountOutcome.Failed(
                    B,
                    "iam:DeleteAccessKey",
                    "AccessDenied",
                    "req-9",
                    "denied",
                    List.of(new DeleteAccessKey("AKIA2")))));

    var text = new ApplyText(Style.PLAIN).render(result);

    assertThat(text)
        .contains("organization: enable trusted access for iam.amazonaws.com: done")
        .contains(
            "account 111122223333: converged (deleted access key AKIA1, allowed password"
                + " recovery)")
        .contains(
            "account 444455556666: failed: iam:DeleteAccessKey AccessDenied (request req-9):"
                + " denied; done before: deleted access key AKIA2")
        .endsWith(
            "Apply failed! 2 deleted, 1 allowed, 2 features enabled; 1 account converged, 1"
                + " failed.\n");
  }

  @Test
  void aFailedOrganizationChangeIsShownWithItsRequestId() {
    var result =
        new ApplyResult(
            "run-1",
            T,
            T,
            Optional.of(
                new OrganizationResult(
                    List.of(),
                    List.of(new EnableRootFeature(OrgFeature.ROOT_SESSIONS)),
                    Optional.of(
                        new ActionFailure(
                            "iam:EnableOrganizationsRootSessions", "AccessDenied", "r-1", "no")))),
            List.of());

    assertThat(new ApplyText(Style.PLAIN).render(result))
        .contains(
            "organization: enable RootSessions: failed:"
                + " iam:EnableOrganizationsRootSessions AccessDenied (request r-1): no")
        .contains(
            "Apply failed! 0 deleted, 0 allowed, 0 features enabled; 0 accounts converged,"
                + " 0 failed.");
  }
}
