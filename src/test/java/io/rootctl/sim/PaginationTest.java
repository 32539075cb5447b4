package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PaginationTest {
  static final List<Integer> ITEMS = IntStream.range(0, 45).boxed().toList();

  record Case(String name, String reason, int items, OptionalInt max, List<Integer> pageSizes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> organizationsCases() {
    return Stream.of(
        new Case("empty listing", "one empty page, no token", 0, OptionalInt.empty(), List.of(0)),
        new Case("one page", "fits in the default 20", 20, OptionalInt.empty(), List.of(20)),
        new Case(
            "45 by default 20",
            "second request is the empty page",
            45,
            OptionalInt.empty(),
            List.of(20, 0, 20, 5)),
        new Case(
            "45 by 7",
            "MaxResults honoured",
            45,
            OptionalInt.of(7),
            List.of(7, 0, 7, 7, 7, 7, 7, 3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("organizationsCases")
  void organizationsPagesWithOneEmptyPageThatCarriesAToken(Case c) {
    var all = ITEMS.subList(0, c.items());
    var sizes = new ArrayList<Integer>();
    var seen = new ArrayList<Integer>();
    Optional<String> token = Optional.empty();
    do {
      var page = Pagination.organizations("L", all, token, c.max());
      sizes.add(page.items().size());
      seen.addAll(page.items());
      token = page.next();
    } while (token.isPresent());
    assertThat(sizes).as(c.reason()).isEqualTo(c.pageSizes());
    assertThat(seen).as(c.reason()).isEqualTo(all);
  }

  @Test
  void organizationsRejectsForeignOrForgedTokensAndBadSizes() {
    var token = Pagination.organizations("A", ITEMS, Optional.empty(), OptionalInt.of(5)).next();
    assertThat(
            catchThrowableOfType(
                    SimException.class,
                    () -> Pagination.organizations("B", ITEMS, token, OptionalInt.empty()))
                .reason())
        .contains("INVALID_NEXT_TOKEN");
    var forged = Optional.of(Pagination.encode("A|999|1"));
    assertThat(
            catchThrowableOfType(
                    SimException.class,
                    () -> Pagination.organizations("A", ITEMS, forged, OptionalInt.empty()))
                .reason())
        .contains("INVALID_NEXT_TOKEN");
    assertThat(
            catchThrowableOfType(
                    SimException.class,
                    () -> Pagination.organizations("A", ITEMS, Optional.empty(), OptionalInt.of(0)))
                .reason())
        .contains("MIN_VALUE_EXCEEDED");
  }

  @Test
  void iamPagesByMarkerWithoutEmptyPages() {
    var sizes = new ArrayList<Integer>();
    Optional<String> marker = Optional.empty();
    do {
      var page = Pagination.iam("K", ITEMS, marker, OptionalInt.of(20));
      sizes.add(page.items().size());
      marker = page.next();
    } while (marker.isPresent());
    assertThat(sizes).isEqualTo(List.of(20, 20, 5));
    assertThat(Pagination.iam("K", ITEMS, Optional.empty(), OptionalInt.empty()).items())
        .hasSize(45);
    assertThat(
            catchThrowableOfType(
                    SimException.class,
                    () -> Pagination.iam("K", ITEMS, Optional.of("zz"), OptionalInt.empty()))
                .errorCode())
        .isEqualTo("ValidationError");
  }
}
