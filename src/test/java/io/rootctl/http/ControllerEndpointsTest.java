package io.rootctl.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.control.ControllerStatus;
import io.rootctl.control.LastGoodDesiredState;
import io.rootctl.model.Printable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControllerEndpointsTest {
  private static final Instant T = Instant.parse("2026-11-23T09:30:00Z");

  /**
   * Issue 9, fault 7: JSON escapes U+0000 to U+001F by itself, but C1 controls (U+009B is a
   * one-character CSI) and bidi controls pass through raw; /status is read in terminals.
   */
  @Test
  void statusEscapesControlCharactersInEveryString() {
    var status =
        new ControllerStatus(
            Optional.of("rev"),
            Optional.of("rev"),
            "observe",
            Optional.of(
                new LastGoodDesiredState.Rejection(
                    "rev2", T, List.of("accounts/x.yaml:1:1: found \u009b2J\u202e"))),
            Optional.empty(),
            List.of(
                new ControllerStatus.Run(
                    "run-1",
                    "rev",
                    T,
                    1.0,
                    "failed_terminal",
                    "terminal_failure",
                    Map.of(),
                    "AccessDenied\u001b[2J",
                    List.of("333333333333: AccessDenied\u2028in sync"))),
            List.of(
                new ControllerStatus.DriftedAccount(
                    "555555555555",
                    "prod\u009b31m",
                    "/Root/Prod\u202e",
                    "ou-ex12-aaaaaaa3",
                    Optional.empty(),
                    List.of("delete access key AKIA\u0085"),
                    List.of("reason\u2066"))),
            List.of(
                new ControllerStatus.UnreadableAccount(
                    "666666666666",
                    "staging\u001b]0;owned\u0007",
                    "/Root/NonProd",
                    "ou-ex12-aaaaaaa4",
                    "sts:AssumeRoot failed: AccessDenied\u009b2J (request r-1)",
                    T,
                    Optional.empty(),
                    "unknown",
                    Optional.empty())));

    var json = ControllerEndpoints.json(status);

    assertThat(Printable.firstUnsafe(json.replace("\n", ""))).isEqualTo(-1);
    assertThat(json)
        .contains("\"name\" : \"prod\\\\u009b31m\"")
        .contains("found \\\\u009b2J\\\\u202e")
        .contains("AccessDenied\\\\u001b[2J")
        .contains("AccessDenied\\\\u2028in sync")
        .contains("AccessDenied\\\\u009b2J (request r-1)")
        .contains("\"ouId\" : \"ou-ex12-aaaaaaa3\"")
        .contains("\"ouId\" : \"ou-ex12-aaaaaaa4\"");
  }
}
