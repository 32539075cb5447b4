package io.rootctl.desired.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.rootctl.desired.CredentialSetting;
import io.rootctl.desired.FeatureSetting;
import io.rootctl.desired.OuSelector;
import io.rootctl.desired.PolicyResolver;
import io.rootctl.desired.Problem;
import io.rootctl.desired.RecoverySetting;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;
import io.rootctl.testing.GitSyncCheckout;
import io.rootctl.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStateLoaderTest {
  private static final Path EXAMPLE = Path.of("desired-state");
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  @TempDir Path dir;

  private static LoadResult.Valid valid(LoadResult result) {
    assertThat(result).as("%s", result.problems()).isInstanceOf(LoadResult.Valid.class);
    return (LoadResult.Valid) result;
  }

  @Test
  void readsTheExampleDesiredStateWithEveryDocument() {
    var result = valid(new DesiredStateLoader().load(EXAMPLE, TODAY));
    var desired = result.desired();

    var org = desired.organization();
    assertThat(org.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(org.features())
        .containsEntry(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT, FeatureSetting.ENABLED)
        .containsEntry(OrgFeature.ROOT_SESSIONS, FeatureSetting.ENABLED);
    assertThat(org.maxActionsPerRun()).isEqualTo(OptionalInt.of(50));
    assertThat(org.defaultRecovery()).isEqualTo(RecoverySetting.DISABLED);
    assertThat(org.location().file()).isEqualTo("organization.yaml");
    assertThat(desired.units())
        .extracting(u -> u.selector())
        .containsExactly(
            new OuSelector.ById(OuId.of("ou-ex12-aaaaaaa3")),
            new OuSelector.ByPath(OuPath.parse("/Root/Sandbox")));
    assertThat(desired.accounts())
        .extracting(a -> a.name() + "=" + a.account())
        .containsExactly("break-glass=333344445555", "staging=666666666666");
    var breakGlass = desired.accounts().get(0);
    assertThat(breakGlass.exception().orElseThrow().expires()).isEqualTo(LocalDate.of(2027, 1, 31));
    assertThat(breakGlass.exception().orElseThrow().ticket()).contains("SEC-1234");
    assertThat(breakGlass.settings().rootCredentials().get(CredentialKind.PASSWORD).value())
        .isEqualTo(CredentialSetting.UNMANAGED);
    assertThat(desired.revision()).matches("sha256:[0-9a-f]{12}");
  }

  @Test
  void warnsOnlyAboutTheExpiredStagingException() {
    var result = valid(new DesiredStateLoader().load(EXAMPLE, TODAY));

    assertThat(result.warnings())
        .extracting(Problem::toString)
        .containsExactly(
            "accounts/staging.yaml:17:14: warning: exception expired on 2026-09-30 (owner"
                + " team-staging@example.com): rootCredentials.accessKeys no longer relaxed; the"
                + " inherited policy applies. Renew it or remove it");
  }

  @Test
  void exampleResolvesAgainstTheDemoOrganizationWithoutProblems() {
    var desired = valid(new DesiredStateLoader().load(EXAMPLE, TODAY)).desired();

    var resolution = PolicyResolver.resolve(desired, Trees.demo(), TODAY);

    assertThat(resolution.problems()).isEmpty();
    var breakGlass = resolution.policies().get(AccountId.of("333344445555"));
    assertThat(breakGlass.credential(CredentialKind.PASSWORD))
        .isEqualTo(CredentialSetting.UNMANAGED);
    assertThat(breakGlass.credential(CredentialKind.MFA_DEVICES))
        .isEqualTo(CredentialSetting.UNMANAGED);
    assertThat(breakGlass.credential(CredentialKind.ACCESS_KEYS))
        .isEqualTo(CredentialSetting.ABSENT);
    var staging = resolution.policies().get(AccountId.of("666666666666"));
    assertThat(staging.credential(CredentialKind.ACCESS_KEYS))
        .as("the staging exception lapsed on 2026-09-30")
        .isEqualTo(CredentialSetting.ABSENT);
    assertThat(resolution.policies().get(AccountId.of("777777777777")).recovery())
        .isEqualTo(RecoverySetting.ENABLED);
    assertThat(
            resolution
                .policies()
                .get(AccountId.of("555555555555"))
                .credential(CredentialKind.ACCESS_KEYS))
        .isEqualTo(CredentialSetting.ABSENT);
  }

  @Test
  void readsNestedFoldersYmlFilesMultiDocumentFilesAndSkipsHiddenOnes() throws IOException {
    Files.createDirectories(dir.resolve("a/b"));
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(
        dir.resolve("a/b/all.yml"),
        """
        apiVersion: rootctl.io/v1
        kind: Organization
        spec: {mode: observe}
        ---
        ---
        apiVersion: rootctl.io/v1
        kind: Account
        metadata: {name: audit}
        spec: {account: '444444444444'}
        """);
    Files.writeString(dir.resolve(".git/broken.yaml"), "{{{ not yaml");
    Files.writeString(dir.resolve(".draft.yaml"), "{{{ not yaml");
    Files.writeString(dir.resolve("notes.txt"), "{{{ not yaml");

    var desired = valid(new DesiredStateLoader().load(dir, TODAY)).desired();

    assertThat(desired.organization().mode()).isEqualTo(Mode.OBSERVE);
    assertThat(desired.organization().location().toString()).isEqualTo("a/b/all.yml:1:1");
    assertThat(desired.accounts())
        .extracting(a -> a.location().toString())
        .containsExactly("a/b/all.yml:6:1");
  }

  @Test
  void modeDefaultsToObserveWhenUnwritten() throws IOException {
    Files.writeString(
        dir.resolve("org.yaml"), "apiVersion: rootctl.io/v1\nkind: Organization\nspec: {}\n");

    assertThat(valid(new DesiredStateLoader().load(dir, TODAY)).desired().organization().mode())
        .isEqualTo(Mode.OBSERVE);
  }

  @Test
  void theDirectoryMayBeALinkAndLinksInsideItAreFollowed() throws IOException {
    var real = Files.createDirectories(dir.resolve("worktree/desired-state"));
    Files.createDirectories(real.resolve("shared"));
    Files.writeString(
        real.resolve("shared/org.yaml"),
        "apiVersion: rootctl.io/v1\nkind: Organization\nspec: {}\n");
    Files.createSymbolicLink(real.resolve("current"), Path.of("shared"));
    Files.createSymbolicLink(real.resolve("org-link.yml"), Path.of("shared/org.yaml"));
    Files.createSymbolicLink(dir.resolve("repo"), dir.resolve("worktree"));

    var result = new DesiredStateLoader().load(dir.resolve("repo/desired-state"), TODAY);

    assertThat(result.problems())
        .as("the same document three times over: the directory is read through every link")
        .extracting(p -> p.location().file() + ": " + p.message().substring(0, 30))
        .containsExactly(
            "org-link.yml: a second Organization document",
            "shared/org.yaml: a second Organization document");
  }

  @Test
  void aLinkThatLeavesTheDirectoryIsAnErrorAndItsTargetIsNeverRead() throws IOException {
    var secret = Files.writeString(dir.resolve("secret.txt"), "password: hunter2\n{{{");
    var root = Files.createDirectories(dir.resolve("desired-state"));
    Files.writeString(
        root.resolve("org.yaml"), "apiVersion: rootctl.io/v1\nkind: Organization\nspec: {}\n");
    Files.createSymbolicLink(root.resolve("stolen.yaml"), secret);
    Files.createSymbolicLink(root.resolve("stdin.yaml"), Path.of("/dev/stdin"));
    Files.createSymbolicLink(root.resolve("outside"), dir);
    Files.createSymbolicLink(root.resolve("README.md"), secret);

    var opened = new java.util.ArrayList<Path>();
    var loader =
        new DesiredStateLoader(
            file -> {
              opened.add(file);
              return Files.newInputStream(file);
            });
    var result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> loader.load(root, TODAY), "following /dev/stdin hangs");

    assertThat(result).isInstanceOf(LoadResult.Invalid.class);
    assertThat(result.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "outside:1:1: symbolic link to "
                + dir
                + " leaves the desired-state directory: not read (links may point only inside"
                + " it)",
            "stdin.yaml:1:1: symbolic link to /dev/stdin leaves the desired-state directory: not"
                + " read (links may point only inside it)",
            "stolen.yaml:1:1: symbolic link to "
                + secret
                + " leaves the desired-state directory: not read (links may point only inside"
                + " it)");
    assertThat(opened).containsExactly(root.toRealPath().resolve("org.yaml"));
    assertThat(result.problems().toString()).doesNotContain("hunter2");
  }

  /**
   * Issue 9, fault 3: git-sync swaps {@code repo -> .worktrees/<commit>} by rename. Commit A keeps
   * the break-glass document (with its exception) in staging.yaml; commit B moves it to its own
   * file. Listing A and then reading through the swapped link would read B's staging.yaml without
   * knowing B's break-glass.yaml: a valid desired state without the exception. The opener swaps the
   * link right after the listing, before the first file is read.
   */
  @Test
  void aGitSyncLinkSwappedBetweenListingAndReadingNeverMixesTwoCommits() throws IOException {
    var checkout = new GitSyncCheckout(dir.resolve("git"));
    checkout.publish(
        EXAMPLE,
        a -> {
          try {
            var breakGlass = Files.readString(a.resolve("accounts/break-glass.yaml"));
            Files.writeString(
                a.resolve("accounts/staging.yaml"),
                "---\n" + breakGlass,
                java.nio.file.StandardOpenOption.APPEND);
            Files.delete(a.resolve("accounts/break-glass.yaml"));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    var swapped = new java.util.concurrent.atomic.AtomicBoolean();
    var loader =
        new DesiredStateLoader(
            file -> {
              if (swapped.compareAndSet(false, true)) {
                checkout.publish(EXAMPLE); // commit B lands between listing and reading
              }
              return Files.newInputStream(file);
            });

    var desired = valid(loader.load(checkout.desiredState(), TODAY)).desired();

    assertThat(swapped).isTrue();
    assertThat(desired.accounts())
        .as("break-glass and its exception, from whichever commit was read whole")
        .anySatisfy(
            a -> {
              assertThat(a.account()).isEqualTo(AccountId.of("333344445555"));
              assertThat(a.exception()).isPresent();
            });
    assertThat(desired.revision())
        .as("the content hash of the commit now checked out, read whole")
        .isEqualTo(valid(new DesiredStateLoader().load(EXAMPLE, TODAY)).desired().revision());
  }

  @Test
  void aFileThatVanishesBetweenListingAndReadingIsAProblemNotACrash() throws IOException {
    Files.writeString(
        dir.resolve("org.yaml"), "apiVersion: rootctl.io/v1\nkind: Organization\nspec: {}\n");
    var loader =
        new DesiredStateLoader(
            file -> {
              Files.delete(file); // a checkout swapped the file away just now
              return Files.newInputStream(file);
            });

    var result = loader.load(dir, TODAY);

    assertThat(result).isInstanceOf(LoadResult.Invalid.class);
    assertThat(result.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "org.yaml:1:1: file vanished before it could be read (changed during a checkout, or a"
                + " broken symbolic link); run again on a complete checkout");
  }

  @Test
  void anUnneededExceptionIsAWarningOnAValidDesiredState() throws IOException {
    Files.writeString(
        dir.resolve("all.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Organization
        spec: {}
        ---
        apiVersion: rootctl.io/v1
        kind: OrganizationalUnit
        metadata: {name: prod}
        spec:
          ou: /Root/Prod
          rootCredentials: absent
          exception: {reason: belt and braces, owner: o, expires: 2027-01-01}
        """);

    var result = valid(new DesiredStateLoader().load(dir, TODAY));

    assertThat(result.warnings())
        .extracting(Problem::toString)
        .containsExactly(
            "all.yaml:11:3: warning: exception is not needed: this document relaxes none of the"
                + " organization defaults");
  }

  @Test
  void revisionIsAContentHashOfTheSortedFiles() throws IOException {
    Files.writeString(
        dir.resolve("org.yaml"), "apiVersion: rootctl.io/v1\nkind: Organization\nspec: {}\n");
    var loader = new DesiredStateLoader();
    var first = valid(loader.load(dir, TODAY)).desired().revision();
    var again = valid(loader.load(dir, TODAY)).desired().revision();
    Files.writeString(
        dir.resolve("org.yaml"),
        "apiVersion: rootctl.io/v1\nkind: Organization\nspec: {mode: enforce}\n");
    var changed = valid(loader.load(dir, TODAY)).desired().revision();

    assertThat(again).isEqualTo(first);
    assertThat(changed).isNotEqualTo(first);
  }

  @Test
  void revisionChangesWhenAFileIsRenamedOrItsBytesMoveToAnother() {
    var a = source("a.yaml", "kind: Organization");
    var renamed = source("b.yaml", "kind: Organization");
    var split = List.of(source("a.yaml", "kind: Xb.yaml"), source("c.yaml", "Organization"));
    var shifted = List.of(source("a.yaml", "kind: X"), source("b.yamlc.yaml", "Organization"));
    var nameAndBytes = List.of(source("a.yamlk", "ind: Organization"));

    var revision = DesiredStateLoader.revision(List.of(a));

    assertThat(DesiredStateLoader.revision(List.of(renamed))).isNotEqualTo(revision);
    assertThat(DesiredStateLoader.revision(split))
        .as("the bytes are separated from the next file's name")
        .isNotEqualTo(DesiredStateLoader.revision(shifted));
    assertThat(DesiredStateLoader.revision(nameAndBytes))
        .as("a file's name is separated from its bytes")
        .isNotEqualTo(revision);
    assertThat(DesiredStateLoader.revision(List.of(a))).isEqualTo(revision);
  }

  private static SourceText source(String name, String text) {
    return new SourceText(name, text, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void acceptsAByteOrderMarkAndWindowsLineEndings() throws IOException {
    var text =
        "\uFEFFapiVersion: rootctl.io/v1\r\nkind: Organization\r\nspec:\r\n  mode: enforce\r\n";
    Files.writeString(dir.resolve("org.yaml"), text);

    var desired = valid(new DesiredStateLoader().load(dir, TODAY)).desired();

    assertThat(desired.organization().mode()).isEqualTo(Mode.ENFORCE);
    assertThat(desired.organization().location().toString()).isEqualTo("org.yaml:1:1");
  }
}
