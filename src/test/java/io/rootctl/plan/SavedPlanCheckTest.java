package io.rootctl.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.live.AccountState;
import io.rootctl.live.Fingerprint;
import io.rootctl.live.MemberAccount;
import io.rootctl.live.OrganizationTree;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import io.rootctl.model.OuPath;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The saved-plan check on hand-made plans: each mismatch, and its sentence. */
class SavedPlanCheckTest {
  private static final AccountId MANAGEMENT = AccountId.of("111111111111");
  private static final AccountId A = AccountId.of("222222222222");
  private static final AccountId B = AccountId.of("333333333333");
  private static final Fingerprint SEEN = Fingerprint.of(RootCredentials.none());
  private static final Fingerprint OTHER = new Fingerprint("f".repeat(64));
  private static final AccountAction KEY = new DeleteAccessKey("AKIAEXAMPLE0000001");
  private static final AccountAction CERT = new DeleteSigningCertificate("ASCAEXAMPLE0000001");

  private static final OrganizationTree TREE =
      new OrganizationTree(
          "o-exampleorg1",
          MANAGEMENT,
          "r-ex12",
          "Root",
          List.of(),
          List.of(
              member(MANAGEMENT, AccountState.ACTIVE),
              member(A, AccountState.ACTIVE),
              member(B, AccountState.ACTIVE)));

  private static MemberAccount member(AccountId id, AccountState state) {
    return new MemberAccount(id, "acct-" + id, id + "@example.com", state, "r-ex12");
  }

  private static AccountChange change(AccountId id, Fingerprint basedOn, AccountAction... actions) {
    return new AccountChange(
        id,
        "acct-" + id,
        OuPath.parse("/Root"),
        "r-ex12",
        basedOn,
        List.of(actions),
        List.of("reason"));
  }

  private static Plan plan(
      List<AccountChange> changes, List<AccountId> inSync, List<Unreadable> unreadable) {
    return new Plan(
        Plan.FORMAT_VERSION,
        "sha256:000000000000",
        Instant.parse("2026-11-23T09:00:00Z"),
        Mode.ENFORCE,
        Optional.empty(),
        changes,
        inSync,
        List.of(new Skip(MANAGEMENT, "acct-mgmt", SkipReason.MANAGEMENT_ACCOUNT, "management")),
        unreadable);
  }

  @Test
  void theSamePlanMadeAgainHasNoMismatch() {
    var saved = plan(List.of(change(A, SEEN, KEY)), List.of(B), List.of());

    assertThat(SavedPlanCheck.mismatches(saved, saved, TREE)).isEmpty();
  }

  @Test
  void anAccountThatChangedSinceIsNamedWithBothFingerprints() {
    var saved = plan(List.of(change(A, SEEN, KEY)), List.of(B), List.of());
    var fresh = plan(List.of(change(A, OTHER, KEY)), List.of(B), List.of());

    assertThat(SavedPlanCheck.mismatches(saved, fresh, TREE))
        .containsExactly(
            "account 222222222222 changed since the plan was made (planned from "
                + SEEN.shortForm()
                + ", now "
                + OTHER.shortForm()
                + ")");
  }

  @Test
  void anAddedActionAndALeftOutActionAreNamedApart() {
    var fresh = plan(List.of(change(A, SEEN, KEY)), List.of(B), List.of());

    assertThat(
            SavedPlanCheck.mismatches(
                plan(List.of(change(A, SEEN, KEY, CERT)), List.of(B), List.of()), fresh, TREE))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("which the desired state does not ask for")
        .doesNotContain("leaves out");
    assertThat(
            SavedPlanCheck.mismatches(
                plan(List.of(change(A, SEEN, CERT)), List.of(B), List.of()),
                plan(List.of(change(A, SEEN, CERT, KEY)), List.of(B), List.of()),
                TREE))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("the plan leaves out")
        .contains("which the desired state asks for")
        .doesNotContain("does not ask for");
  }

  @Test
  void reorderedActionsAreAMismatchOfTheirOwn() {
    var saved = plan(List.of(change(A, SEEN, CERT, KEY)), List.of(B), List.of());
    var fresh = plan(List.of(change(A, SEEN, KEY, CERT)), List.of(B), List.of());

    assertThat(SavedPlanCheck.mismatches(saved, fresh, TREE))
        .containsExactly(
            "account 222222222222: the plan's actions are not in the order rootctl runs them");
  }

  @Test
  void aChangedAccountThatIsNowInSyncUnreadableOrGoneSaysWhich() {
    var saved = plan(List.of(change(A, SEEN, KEY)), List.of(B), List.of());

    assertThat(SavedPlanCheck.mismatches(saved, plan(List.of(), List.of(A, B), List.of()), TREE))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("account 222222222222: the desired state asks for no change there now");
    assertThat(
            SavedPlanCheck.mismatches(
                saved,
                plan(List.of(), List.of(B), List.of(new Unreadable(A, "acct", "AccessDenied"))),
                TREE))
        .containsExactly(
            "account 222222222222: could not be read to confirm the plan: AccessDenied");
    assertThat(SavedPlanCheck.mismatches(saved, plan(List.of(), List.of(B), List.of()), TREE))
        .containsExactly("account 222222222222: is not a member account of the organization");
  }

  @Test
  void anAccountCalledInSyncThatNeedsChangesNamesThem() {
    var saved = plan(List.of(), List.of(A, B), List.of());
    var fresh = plan(List.of(change(A, SEEN, KEY)), List.of(B), List.of());

    assertThat(SavedPlanCheck.mismatches(saved, fresh, TREE))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("account 222222222222: the plan says it is in sync, but the desired state asks")
        .contains("AKIAEXAMPLE0000001");
  }

  @Test
  void anAccountOfTheOrganizationLeftOutOfThePlanIsAMismatch() {
    var saved = plan(List.of(change(A, SEEN, KEY)), List.of(), List.of());
    var fresh = plan(List.of(change(A, SEEN, KEY)), List.of(B), List.of());

    assertThat(SavedPlanCheck.mismatches(saved, fresh, TREE))
        .containsExactly("the plan leaves out account 333333333333 of the organization");
  }

  @Test
  void anUnreadableAccountInTheSavedPlanCountsAsListed() {
    var saved =
        plan(List.of(change(A, SEEN, KEY)), List.of(), List.of(new Unreadable(B, "b", "denied")));
    var fresh = plan(List.of(change(A, SEEN, KEY)), List.of(), List.of());

    assertThat(SavedPlanCheck.mismatches(saved, fresh, TREE)).isEmpty();
  }
}
