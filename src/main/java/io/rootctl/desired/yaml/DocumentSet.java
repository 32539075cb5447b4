package io.rootctl.desired.yaml;

import io.rootctl.desired.AccountSpec;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.OrganizationSpec;
import io.rootctl.desired.OuSpec;
import io.rootctl.desired.PolicyResolver;
import io.rootctl.desired.PolicyResolver.Field;
import io.rootctl.desired.PolicySettings;
import io.rootctl.desired.Problem;
import io.rootctl.desired.SourceLocation;
import io.rootctl.desired.yaml.ParsedDocument.ParsedException;
import io.rootctl.model.CredentialKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules that span documents: exactly one Organization, no two documents for the same OU or
 * account, no relaxation of the defaults without an exception, and the exception warnings (expired,
 * or not needed). Builds the {@link DesiredState} when nothing is wrong.
 */
final class DocumentSet {
  private final List<ParsedDocument> documents;
  private final List<Problem> problems;

  DocumentSet(List<ParsedDocument> documents, List<Problem> problems) {
    this.documents = List.copyOf(documents);
    this.problems = problems;
  }

  /**
   * Checks the documents together.
   *
   * @param complete whether every file and document could be read; when not, a missing Organization
   *     may be in the part that could not, and is not reported again
   */
  Optional<DesiredState> check(String revision, LocalDate today, boolean complete) {
    var organizations =
        documents.stream()
            .filter(d -> d instanceof ParsedDocument.Organization)
            .map(d -> (ParsedDocument.Organization) d)
            .toList();
    if (organizations.isEmpty() && complete) {
      problems.add(
          Problem.error(
              DirectoryScan.directory(),
              "no Organization document: exactly one is required (kind: Organization)"));
    }
    for (var extra : organizations.stream().skip(1).toList()) {
      problems.add(
          Problem.error(
              extra.location(),
              "a second Organization document: exactly one is allowed (the first is at "
                  + organizations.get(0).location()
                  + ")"));
    }
    var org = organizations.stream().findFirst().map(DocumentSet::spec);
    var units = new ArrayList<OuSpec>();
    var accounts = new ArrayList<AccountSpec>();
    var unitsBySelector = new HashMap<Object, ParsedDocument.Unit>();
    var accountsById = new HashMap<Object, ParsedDocument.Account>();
    for (var doc : documents) {
      switch (doc) {
        case ParsedDocument.Organization o -> {}
        case ParsedDocument.Unit u -> {
          u.selector()
              .ifPresent(
                  s -> {
                    var first = unitsBySelector.putIfAbsent(s.value(), u);
                    if (first != null) {
                      problems.add(
                          Problem.error(
                              s.location(),
                              "duplicate OrganizationalUnit document for "
                                  + s.value()
                                  + ": the first is '"
                                  + first.name()
                                  + "' at "
                                  + first.selector().orElseThrow().location()));
                    }
                  });
          org.ifPresent(o -> exceptionRules(u.location(), o, u.settings(), u.exception(), today));
          if (u.selector().isPresent()) {
            units.add(
                new OuSpec(
                    u.location(),
                    u.name(),
                    u.selector().get().value(),
                    u.settings(),
                    u.exception().flatMap(ParsedException::value)));
          }
        }
        case ParsedDocument.Account a -> {
          a.account()
              .ifPresent(
                  id -> {
                    var first = accountsById.putIfAbsent(id.value(), a);
                    if (first != null) {
                      problems.add(
                          Problem.error(
                              id.location(),
                              "duplicate Account document for "
                                  + id.value()
                                  + ": the first is '"
                                  + first.name()
                                  + "' at "
                                  + first.account().orElseThrow().location()));
                    }
                  });
          org.ifPresent(o -> exceptionRules(a.location(), o, a.settings(), a.exception(), today));
          if (a.account().isPresent()) {
            accounts.add(
                new AccountSpec(
                    a.location(),
                    a.name(),
                    a.account().get().value(),
                    a.settings(),
                    a.exception().flatMap(ParsedException::value)));
          }
        }
      }
    }
    if (problems.stream().anyMatch(Problem::isError) || org.isEmpty()) {
      return Optional.empty();
    }
    var desired = new DesiredState(revision, org.get(), units, accounts);
    problems.addAll(UnmeetableMfaRequirement.warnings(desired));
    return Optional.of(desired);
  }

  private static OrganizationSpec spec(ParsedDocument.Organization o) {
    return new OrganizationSpec(
        o.location(), o.mode(), o.features(), o.defaults(), o.maxActionsPerRun());
  }

  /**
   * Whether an error was found in the document that starts at {@code document}: from there to the
   * next document of the same file.
   */
  private boolean hasError(SourceLocation document) {
    var next =
        documents.stream()
            .map(ParsedDocument::location)
            .filter(l -> l.file().equals(document.file()) && l.compareTo(document) > 0)
            .min(SourceLocation::compareTo);
    return problems.stream()
        .anyMatch(
            p ->
                p.isError()
                    && p.location().file().equals(document.file())
                    && p.location().compareTo(document) >= 0
                    && (next.isEmpty() || p.location().compareTo(next.get()) < 0));
  }

  private void exceptionRules(
      SourceLocation document,
      OrganizationSpec org,
      PolicySettings settings,
      Optional<ParsedException> exception,
      LocalDate today) {
    var relaxed = PolicyResolver.relaxations(org, settings);
    if (exception.isEmpty()) {
      var byLocation = new LinkedHashMap<SourceLocation, List<String>>();
      for (var field : relaxed) {
        byLocation
            .computeIfAbsent(locationOf(field, settings), k -> new ArrayList<>())
            .add(field.yamlPath() + " (default " + defaultOf(field, org) + ")");
      }
      byLocation.forEach(
          (at, fields) ->
              problems.add(
                  Problem.error(
                      at,
                      "relaxes the organization defaults for "
                          + String.join(", ", fields)
                          + " without an exception: add an exception block with reason, owner"
                          + " and expires")));
      return;
    }
    var e = exception.get();
    // A setting that could not be read (an error at its value, such as "required " with a trailing
    // space) is missing from `settings`: "not needed" would then be a guess from a partial read.
    if (relaxed.isEmpty() && !hasError(document)) {
      problems.add(
          Problem.warning(
              e.keyAt(),
              "exception is not needed: this document relaxes none of the organization defaults"));
    }
    e.value()
        .filter(v -> !v.isActiveOn(today))
        .ifPresent(
            v ->
                problems.add(
                    Problem.warning(
                        e.expiresAt(),
                        "exception expired on "
                            + v.expires()
                            + " (owner "
                            + v.owner()
                            + ")"
                            + (relaxed.isEmpty()
                                ? ""
                                : ": "
                                    + String.join(
                                        ", ", relaxed.stream().map(Field::yamlPath).toList())
                                    + " no longer relaxed; the inherited policy applies")
                            + ". Renew it or remove it")));
  }

  /** Where {@code settings} sets {@code field}; a relaxation is always one the document sets. */
  private static SourceLocation locationOf(Field field, PolicySettings settings) {
    return field
        .credentialKind()
        .map(k -> Objects.requireNonNull(settings.rootCredentials().get(k)).location())
        .orElseGet(() -> settings.passwordRecovery().orElseThrow().location());
  }

  private static String defaultOf(Field field, OrganizationSpec org) {
    return field
        .credentialKind()
        .map((CredentialKind k) -> org.defaultFor(k).yamlName())
        .orElseGet(() -> org.defaultRecovery().yamlName());
  }
}
