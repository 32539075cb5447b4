package io.rootctl.apply;

import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditLog;
import io.rootctl.model.AccountId;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.Plan;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * An {@link AuditLog} decorator that also logs every write as one line, and, as the executor's
 * {@link ApplyListener}, one summary line per run: the audit trail in the log stream of wherever
 * rootctl runs (a cluster's log pipeline keeps it without a volume).
 *
 * <p>A write is logged at INFO ({@code WARN} when it failed) with the message {@code write RESULT:
 * ACTION} and the key-values {@code run}, {@code account}, {@code accountName}, {@code action} (the
 * AWS operation, e.g. {@code iam:DeleteAccessKey}), {@code target} (access key id, certificate id,
 * MFA serial, service principal or feature; empty for the login profile), {@code taskPolicy},
 * {@code revision} (the desired-state revision of the plan), {@code result} ({@code ok}, {@code
 * already-done}, {@code failed}, {@code tolerated}) and, on failure, {@code errorCode}, {@code
 * requestId} and {@code error}. Organization-level writes have no account, name or task policy. The
 * account's name and the revision come from the plan the run applies ({@link #starting}). The line
 * is logged even when the delegate fails to record the entry: the write happened.
 *
 * <p>A run ends with {@code apply finished: C changed, F failed, U unreadable} at INFO, or WARN
 * when anything failed or could not be read, naming those accounts ({@code changedAccounts}, {@code
 * failedAccounts}, {@code unreadableAccounts}: {@code ID (NAME)}, the first {@value #NAMED} and
 * then {@code and N more}). No line carries a secret: an entry never holds one, and nor does a
 * plan. Thread-safe if the delegate is.
 */
public final class LoggingAuditLog implements AuditLog, ApplyListener {
  /** How many accounts a summary line names per list; the counts are always whole. */
  static final int NAMED = 20;

  private final AuditLog delegate;
  private final Logger log;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();

  /** What a run's write lines need from its plan. */
  private record Run(String revision, Map<AccountId, String> names) {}

  /** Logs to this class's logger, {@code io.rootctl.apply.LoggingAuditLog}. */
  public LoggingAuditLog(AuditLog delegate) {
    this(delegate, LoggerFactory.getLogger(LoggingAuditLog.class));
  }

  /** Logs to {@code log} (tests capture it). */
  public LoggingAuditLog(AuditLog delegate, Logger log) {
    this.delegate = delegate;
    this.log = log;
  }

  @Override
  public void starting(Plan plan, ApplyOptions options) {
    var names = new HashMap<AccountId, String>();
    for (var change : plan.accounts()) {
      names.put(change.account(), change.accountName());
    }
    runs.put(options.runId(), new Run(plan.desiredRevision(), Map.copyOf(names)));
  }

  @Override
  public void record(AuditEntry entry) {
    try {
      delegate.record(entry);
    } finally {
      logWrite(entry);
    }
  }

  @Override
  public List<AuditEntry> entries() {
    return delegate.entries();
  }

  private void logWrite(AuditEntry entry) {
    var run = Optional.ofNullable(runs.get(entry.runId()));
    var fields = new LinkedHashMap<String, Object>();
    fields.put("run", entry.runId());
    fields.put("writeId", entry.writeId());
    entry
        .account()
        .ifPresent(
            account -> {
              fields.put("account", account.value());
              var name = run.map(r -> r.names().getOrDefault(account, ""));
              name.filter(n -> !n.isEmpty()).ifPresent(n -> fields.put("accountName", n));
            });
    fields.put("action", entry.action());
    fields.put("target", entry.target());
    entry.taskPolicy().ifPresent(p -> fields.put("taskPolicy", p.policyName()));
    if (!entry.desiredRevision().isEmpty()) {
      fields.put("revision", entry.desiredRevision());
    } else {
      run.ifPresent(r -> fields.put("revision", r.revision()));
    }
    entry.recovers().ifPresent(r -> fields.put("recovers", r));
    fields.put("result", entry.result().jsonName());
    entry
        .error()
        .ifPresent(
            e -> {
              fields.put("errorCode", e.code());
              fields.put("requestId", e.requestId());
              fields.put("error", e.message());
            });
    // One INFO line per write: its outcome. The write-ahead `started` line is in the journal, and
    // here only at DEBUG; a failed write is a WARN.
    var line =
        switch (entry.result()) {
          case FAILED -> log.atWarn();
          case STARTED -> log.atDebug();
          default -> log.atInfo();
        };
    with(line, fields).log("write " + entry.result().jsonName() + ": " + entry.action());
  }

  @Override
  public void finished(Plan plan, ApplyResult result) {
    runs.remove(result.runId());
    var names = names(plan);
    var changed =
        result.converged().stream()
            .filter(c -> !c.actionsDone().isEmpty())
            .map(c -> named(c.account(), names))
            .toList();
    var failed =
        result.failed().stream()
            .map(
                f ->
                    named(f.account(), names)
                        + ": "
                        + f.operation()
                        + (f.errorCode().isEmpty() ? "" : " " + f.errorCode()))
            .toList();
    var unreadable =
        plan.unreadable().stream().map(u -> u.account() + " (" + u.accountName() + ")").toList();
    var fields = new LinkedHashMap<String, Object>();
    fields.put("run", result.runId());
    fields.put("revision", plan.desiredRevision());
    fields.put("changed", changed.size());
    fields.put("failed", failed.size());
    fields.put("unreadable", unreadable.size());
    result
        .organization()
        .flatMap(OrganizationResult::failure)
        .ifPresent(f -> fields.put("organizationFailure", f.operation() + " " + f.errorCode()));
    if (!changed.isEmpty()) {
      fields.put("changedAccounts", bounded(changed));
    }
    if (!failed.isEmpty()) {
      fields.put("failedAccounts", bounded(failed));
    }
    if (!unreadable.isEmpty()) {
      fields.put("unreadableAccounts", bounded(unreadable));
    }
    var clean = result.succeeded() && unreadable.isEmpty();
    with(clean ? log.atInfo() : log.atWarn(), fields)
        .log(
            "apply finished: {} changed, {} failed, {} unreadable",
            changed.size(),
            failed.size(),
            unreadable.size());
  }

  private static LoggingEventBuilder with(LoggingEventBuilder line, Map<String, Object> fields) {
    var built = line;
    for (var field : fields.entrySet()) {
      built = built.addKeyValue(field.getKey(), field.getValue());
    }
    return built;
  }

  @Override
  public void abandoned(Plan plan, ApplyOptions options, RuntimeException cause) {
    runs.remove(options.runId());
    log.atWarn()
        .addKeyValue("run", options.runId())
        .addKeyValue("revision", plan.desiredRevision())
        .addKeyValue("accounts", plan.accounts().size())
        .log("apply stopped before it finished: {}", String.valueOf(cause.getMessage()));
  }

  private static Map<AccountId, String> names(Plan plan) {
    return plan.accounts().stream()
        .collect(Collectors.toMap(AccountChange::account, AccountChange::accountName, (a, b) -> a));
  }

  private static String named(AccountId account, Map<AccountId, String> names) {
    var name = names.get(account);
    return name == null ? account.value() : account.value() + " (" + name + ")";
  }

  /** The first {@link #NAMED} items, then {@code and N more}. */
  static String bounded(List<String> items) {
    var shown = String.join(", ", items.subList(0, Math.min(items.size(), NAMED)));
    return items.size() <= NAMED ? shown : shown + ", and " + (items.size() - NAMED) + " more";
  }

  @Override
  public String toString() {
    return "LoggingAuditLog[" + delegate + "]";
  }
}
