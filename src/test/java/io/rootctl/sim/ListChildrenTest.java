package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rootctl.model.AccountId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * organizations:ListChildren and DescribeAccount in the emulator, as <a
 * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListChildren.html">ListChildren</a>
 * and <a
 * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeAccount.html">DescribeAccount</a>
 * describe them, on the demo organization.
 */
class ListChildrenTest {
  static final String ROOT = "r-ex12";
  static final String SECURITY = "ou-ex12-aaaaaaa1";
  static final String WORKLOADS = "ou-ex12-aaaaaaa2";

  final SimulatedOrganization org =
      SimulatedOrganization.of(
          Fixture.demo(), Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
  final OrganizationsBackend organizations = new OrganizationsBackend(org);
  final Caller admin = org.managementCredentials().caller();

  static SimException error(Runnable call) {
    return catchThrowableOfType(SimException.class, call::run);
  }

  /** Every page of ListChildren with MaxResults {@code max}. */
  List<ChildView> all(String parent, String type, OptionalInt max) {
    var all = new ArrayList<ChildView>();
    Optional<String> token = Optional.empty();
    do {
      var page = organizations.listChildren(admin, parent, type, token, max);
      all.addAll(page.items());
      token = page.next();
    } while (token.isPresent());
    return all;
  }

  List<String> accountsForParent(String parent) {
    var ids = new ArrayList<String>();
    Optional<String> token = Optional.empty();
    do {
      var page = organizations.listAccountsForParent(admin, parent, token, OptionalInt.empty());
      page.items().forEach(a -> ids.add(a.id().value()));
      token = page.next();
    } while (token.isPresent());
    return ids;
  }

  @Test
  void listsTheAccountsListAccountsForParentListsIdsOnly() {
    for (var parent : List.of(ROOT, SECURITY, "ou-ex12-aaaaaaa3", "ou-ex12-aaaaaaa5")) {
      var children = all(parent, "ACCOUNT", OptionalInt.empty());
      assertThat(children).as(parent).allMatch(c -> c.type().equals("ACCOUNT"));
      assertThat(children)
          .as(parent)
          .extracting(ChildView::id)
          .isEqualTo(accountsForParent(parent));
    }
    assertThat(all(SECURITY, "ACCOUNT", OptionalInt.empty())).hasSize(3);
  }

  @Test
  void listsTheOusOfAParent() {
    assertThat(all(ROOT, "ORGANIZATIONAL_UNIT", OptionalInt.empty()))
        .containsExactly(
            new ChildView(SECURITY, "ORGANIZATIONAL_UNIT"),
            new ChildView(WORKLOADS, "ORGANIZATIONAL_UNIT"),
            new ChildView("ou-ex12-aaaaaaa5", "ORGANIZATIONAL_UNIT"),
            new ChildView("ou-ex12-aaaaaaa6", "ORGANIZATIONAL_UNIT"));
    assertThat(all(SECURITY, "ORGANIZATIONAL_UNIT", OptionalInt.empty())).isEmpty();
  }

  @Test
  void pagesOneChildAtATimeToTheSameList() {
    var paged = all(SECURITY, "ACCOUNT", OptionalInt.of(1));
    assertThat(paged).isEqualTo(all(SECURITY, "ACCOUNT", OptionalInt.empty()));
    var first =
        organizations.listChildren(admin, SECURITY, "ACCOUNT", Optional.empty(), OptionalInt.of(1));
    assertThat(first.items().size()).isLessThanOrEqualTo(1);
    assertThat(first.next()).isPresent();
    assertThat(all(ROOT, "ORGANIZATIONAL_UNIT", OptionalInt.of(1))).hasSize(4);
    assertThat(
            error(
                    () ->
                        organizations.listChildren(
                            admin, SECURITY, "ACCOUNT", Optional.empty(), OptionalInt.of(21)))
                .errorCode())
        .isEqualTo("InvalidInputException");
  }

  @Test
  void anUnknownParentABadTypeAndAMemberCallerAreOrganizationsOwnErrors() {
    assertThat(
            error(
                    () ->
                        organizations.listChildren(
                            admin,
                            "ou-ex12-zzzzzzzz",
                            "ACCOUNT",
                            Optional.empty(),
                            OptionalInt.empty()))
                .errorCode())
        .isEqualTo("ParentNotFoundException");
    var badType =
        error(
            () ->
                organizations.listChildren(
                    admin, ROOT, "ROOT", Optional.empty(), OptionalInt.empty()));
    assertThat(badType.errorCode()).isEqualTo("InvalidInputException");
    assertThat(badType.reason()).contains("INVALID_ENUM");
    var member = org.addAdminCredentials(AccountId.of("555555555555")).caller();
    assertThat(
            error(
                    () ->
                        organizations.listChildren(
                            member, ROOT, "ACCOUNT", Optional.empty(), OptionalInt.empty()))
                .errorCode())
        .isEqualTo("AccessDeniedException");
    assertThat(org.journal().count("organizations:ListChildren", "ParentNotFoundException"))
        .isEqualTo(1);
  }

  @Test
  void describeAccountGivesWhatListAccountsGivesAndFailsClosedOnAnUnknownAccount() {
    var listed =
        organizations.listAccounts(admin, Optional.empty(), OptionalInt.empty()).items().get(0);
    assertThat(organizations.describeAccount(admin, listed.id().value())).isEqualTo(listed);
    assertThat(error(() -> organizations.describeAccount(admin, "123456789012")).errorCode())
        .isEqualTo("AccountNotFoundException");
    assertThat(error(() -> organizations.describeAccount(admin, "12345")).errorCode())
        .isEqualTo("InvalidInputException");
    var member = org.addAdminCredentials(AccountId.of("555555555555")).caller();
    assertThat(error(() -> organizations.describeAccount(member, listed.id().value())).errorCode())
        .isEqualTo("AccessDeniedException");
  }
}
