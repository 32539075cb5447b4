package io.rootctl.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.app.LogSetup;
import io.rootctl.audit.AuditResult;
import io.rootctl.cli.LogFormat;
import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.Retrier;
import io.rootctl.model.AccountId;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.Plan;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.sim.SimException;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail in the log: an apply against the in-process twin of AWS, logged through the
 * shipped logback.xml as {@code --log-format json} and {@code text} set it up, captured from its
 * stderr appender.
 */
class LoggingAuditLogTest {
  private static final AccountId PAYMENTS = AccountId.of("555555555555");
  private static final AccountId STAGING = AccountId.of("666666666666");

  /** A name that tries to end the line and forge one of its own, in either format. */
  private static final String HOSTILE =
      "payments\",\"level\":\"INFO\"}\n{\"formattedMessage\":\"all in sync\"}\r\u001b[2J\u2028\u202e";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final Retrier retrier = new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5);
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  private final RecordingAuditLog recorded = new RecordingAuditLog();
  private final ObjectMapper json = new ObjectMapper();
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @AfterEach
  void stop() {
    context.stop();
  }

  /** The shipped configuration for {@code format}, writing to {@link #stderr}. */
  private LoggingAuditLog logging(LogFormat format) {
    var config = Objects.requireNonNull(LoggingAuditLogTest.class.getResource("/logback.xml"));
    context.setMDCAdapter(new LogbackMDCAdapter());
    LogSetup.configure(context, config, format);
    var appender =
        (OutputStreamAppender<?>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(format.name());
    appender.setOutputStream(stderr);
    return new LoggingAuditLog(recorded, context.getLogger(LoggingAuditLog.class));
  }

  private ApplyResult apply(LoggingAuditLog logging, Plan plan) {
    var reader =
        new LiveStateReader(cloud, cloud, retrier, new ReadOptions(4, 5, Duration.ofSeconds(60)));
    var executor = new Executor(cloud, cloud, reader, logging, retrier, clock, logging);
    return executor.apply(plan, new ApplyOptions("run-7", 4, 3));
  }

  private Plan demoPlan() {
    var reader =
        new LiveStateReader(cloud, cloud, retrier, new ReadOptions(4, 5, Duration.ofSeconds(60)));
    var demo = Plans.demo(reader.read());
    var accounts = new ArrayList<AccountChange>();
    for (var c : demo.accounts()) {
      accounts.add(
          c.account().equals(PAYMENTS)
              ? new AccountChange(
                  c.account(), HOSTILE, c.ou(), c.ouId(), c.basedOn(), c.actions(), c.reasons())
              : c);
    }
    return new Plan(
        demo.formatVersion(),
        "sha256:0123456789ab",
        demo.createdAt(),
        demo.mode(),
        demo.organization(),
        accounts,
        demo.inSync(),
        demo.skipped(),
        demo.unreadable());
  }

  private List<String> lines() {
    return stderr.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static Map<String, String> fields(JsonNode line) {
    var fields = new HashMap<String, String>();
    for (var pair : line.path("kvpList")) {
      pair.properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
    }
    return fields;
  }

  @Test
  void passesTheJournalOnToCrashRecovery() {
    var plan = demoPlan();
    var log = logging(LogFormat.json);
    apply(log, plan);

    assertThat(log.entries())
        .as("recovery reads the journal through this decorator")
        .isNotEmpty()
        .isEqualTo(recorded.entries());
  }

  @Test
  void anApplyLogsEveryWriteAsOneJsonLineWithItsFieldsAndNoSecret() throws Exception {
    var plan = demoPlan();
    cloud.failNext("iam:DeleteLoginProfile", 1, new SimException("AccessDenied", 403, "denied"));

    var result = apply(logging(LogFormat.json), plan);

    assertThat(result.failed()).extracting(AccountOutcome::account).containsExactly(STAGING);
    var parsed = new ArrayList<JsonNode>();
    for (var line : lines()) {
      parsed.add(json.readTree(line)); // every line is one whole JSON object
    }
    assertThat(parsed).allSatisfy(p -> assertThat(p.isObject()).isTrue());
    var writes =
        parsed.stream()
            .filter(p -> p.path("formattedMessage").asText().startsWith("write "))
            .toList();
    assertThat(writes)
        .as("one line per write, at its outcome: the started line is DEBUG")
        .hasSameSizeAs(recorded.outcomes())
        .isNotEmpty()
        .noneMatch(w -> fields(w).get("result").equals("started"))
        .allMatch(w -> fields(w).get("writeId").startsWith("run-7/"));
    assertThat(recorded.entries()).anyMatch(e -> e.result() == AuditResult.STARTED);
    for (var entry : recorded.outcomes()) {
      var account = entry.account().orElseThrow().value();
      // one line per entry: the accounts run concurrently, so lines are matched, not ordered
      assertThat(writes)
          .filteredOn(
              w ->
                  fields(w).get("account").equals(account)
                      && fields(w).get("action").equals(entry.action())
                      && fields(w).get("target").equals(entry.target()))
          .singleElement()
          .satisfies(
              line -> {
                assertThat(line.path("timestamp").isNumber()).as(line.toString()).isTrue();
                assertThat(line.path("time").asText())
                    .as("ISO-8601 with date and zone")
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                assertThat(java.time.Instant.parse(line.path("time").asText()).toEpochMilli())
                    .isEqualTo(line.path("timestamp").asLong());
                assertThat(line.path("level").asText())
                    .isEqualTo(entry.result().jsonName().equals("failed") ? "WARN" : "INFO");
                assertThat(fields(line))
                    .containsEntry("run", "run-7")
                    .containsEntry("taskPolicy", entry.taskPolicy().orElseThrow().policyName())
                    .containsEntry("revision", "sha256:0123456789ab")
                    .containsEntry("result", entry.result().jsonName())
                    .containsKey("accountName");
              });
    }
    assertThat(writes)
        .filteredOn(w -> fields(w).get("account").equals(PAYMENTS.value()))
        .isNotEmpty()
        .allSatisfy(w -> assertThat(fields(w)).containsEntry("accountName", HOSTILE));
    assertThat(writes)
        .filteredOn(w -> fields(w).get("result").equals("failed"))
        .singleElement()
        .satisfies(
            w ->
                assertThat(fields(w))
                    .containsEntry("account", STAGING.value())
                    .containsEntry("accountName", "staging")
                    .containsEntry("action", "iam:DeleteLoginProfile")
                    .containsEntry("errorCode", "AccessDenied")
                    .containsKey("requestId"));
    var summary = parsed.get(parsed.size() - 1);
    assertThat(summary.path("level").asText()).isEqualTo("WARN");
    assertThat(summary.path("formattedMessage").asText())
        .isEqualTo("apply finished: 3 changed, 1 failed, 0 unreadable");
    assertThat(fields(summary))
        .containsEntry(
            "failedAccounts", "666666666666 (staging): iam:DeleteLoginProfile AccessDenied")
        .containsEntry("revision", "sha256:0123456789ab");
    assertThat(fields(summary).get("changedAccounts"))
        .contains("333344445555", "555555555555 (" + HOSTILE + ")", "777777777777");

    var text = stderr.toString(StandardCharsets.UTF_8);
    var secret = cloud.organization().managementCredentials().secretAccessKey();
    assertThat(text)
        .doesNotContain(secret)
        .doesNotContain("IQoJ") // session tokens, in AWS and in the emulator
        .doesNotContain("sim/") // the emulator's session secret access keys
        .doesNotContainIgnoringCase("secretAccessKey")
        .doesNotContainIgnoringCase("sessionToken")
        .doesNotContainIgnoringCase("password\":");
    assertThat(text).doesNotContain("\u001b").doesNotContain("\r");
  }

  @Test
  void aHostileAccountNameCannotForgeATextLineEither() {
    var plan = demoPlan();

    apply(logging(LogFormat.text), plan);

    var lines = lines();
    var writes = lines.stream().filter(l -> l.contains(" write ")).toList();
    assertThat(writes).hasSameSizeAs(recorded.outcomes());
    assertThat(writes)
        .filteredOn(l -> l.contains("account=\"555555555555\""))
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) .*")
                    .contains("INFO  LoggingAuditLog write ok: iam:")
                    .contains("accountName=\"payments\",\"level\":\"INFO\"}\\n{\"formattedMessage")
                    .contains("\\u001b[2J")
                    .contains("\\u202e")
                    .contains("revision=\"sha256:0123456789ab\"")
                    .contains("taskPolicy=\"IAMDeleteRootUserCredentials\""));
    assertThat(lines).noneMatch(l -> l.startsWith("{"));
  }

  @Test
  void aStalePlanIsLoggedAsARunThatStoppedBeforeAnyWrite() throws Exception {
    var plan = demoPlan();
    cloud.organization().addRootAccessKey(PAYMENTS);

    assertThatThrownBy(() -> apply(logging(LogFormat.json), plan))
        .isInstanceOf(StalePlanException.class);

    var line = json.readTree(lines().get(0));
    assertThat(lines()).hasSize(1);
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("formattedMessage").asText())
        .startsWith("apply stopped before it finished");
    assertThat(fields(line)).containsEntry("run", "run-7").containsEntry("accounts", "4");
  }

  @Test
  void aSummaryNamesTheFirstTwentyAccountsAndCountsTheRest() {
    var items = IntStream.range(0, 25).mapToObj(i -> "acct" + i).toList();

    assertThat(LoggingAuditLog.bounded(items))
        .startsWith("acct0, acct1, ")
        .endsWith("acct19, and 5 more");
    assertThat(LoggingAuditLog.bounded(items.subList(0, 20))).endsWith("acct18, acct19");
  }
}
