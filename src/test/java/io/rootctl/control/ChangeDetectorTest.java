package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChangeDetectorTest {
  /** {@code polls}: the snapshot seen at each poll; {@code loads}: whether each poll loads. */
  record Case(String name, String reason, List<String> polls, List<Boolean> loads) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("first look", "start-up loads at once", List.of("a"), List.of(true)),
        new Case(
            "unchanged",
            "nothing new, nothing loaded",
            List.of("a", "a", "a"),
            List.of(true, false, false)),
        new Case(
            "settled change",
            "a change seen on two polls in a row loads once",
            List.of("a", "b", "b", "b"),
            List.of(true, false, true, false)),
        new Case(
            "still being written",
            "a change that keeps changing is not loaded until it settles",
            List.of("a", "b", "c", "d", "d"),
            List.of(true, false, false, false, true)),
        new Case(
            "flicker back",
            "a change that reverts before settling loads nothing",
            List.of("a", "b", "a", "a"),
            List.of(true, false, false, false)),
        new Case(
            "broken then fixed",
            "each settled snapshot loads once, whatever its load result",
            List.of("a", "bad", "bad", "bad", "good", "good"),
            List.of(true, false, true, false, false, true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void loadsOnlySettledChanges(Case c) {
    var detector = new ChangeDetector();
    var loads = new ArrayList<Boolean>();
    for (var digest : c.polls()) {
      loads.add(
          detector.shouldLoad(new DirectorySnapshot(Optional.of(Path.of("/git/repo")), digest)));
    }
    assertThat(loads).as(c.reason()).isEqualTo(c.loads());
  }
}
