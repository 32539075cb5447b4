package io.rootctl.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rootctl.desired.Problem;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.model.Printable;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code rootctl validate --json} document:
 *
 * <pre>{@code
 * {"valid": true, "revision": "sha256:…", "documents": 5, "organizations": 1,
 *  "organizationalUnits": 2, "accounts": 2, "exceptions": 3,
 *  "nearestExpiry": {"date": "2027-01-31", "document": "break-glass"},
 *  "problems": [{"file": "…", "line": 3, "column": 5, "severity": "warning", "message": "…"}]}
 * }</pre>
 *
 * An invalid desired state has only {@code valid: false} and {@code problems}. File names and
 * messages have control characters escaped ({@link Printable}), as in the text output.
 */
public final class ValidationJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ValidationJson() {}

  record Expiry(String date, String document) {}

  record ProblemDto(String file, int line, int column, String severity, String message) {
    static ProblemDto of(Problem p) {
      return new ProblemDto(
          Printable.escape(p.location().file()),
          p.location().line(),
          p.location().column(),
          p.severity().name().toLowerCase(Locale.ROOT),
          Printable.escape(p.message()));
    }
  }

  record ValidDto(
      boolean valid,
      String revision,
      int documents,
      int organizations,
      int organizationalUnits,
      int accounts,
      int exceptions,
      @Nullable Expiry nearestExpiry,
      List<ProblemDto> problems) {}

  record InvalidDto(boolean valid, List<ProblemDto> problems) {}

  public static String write(LoadResult result, LocalDate today) {
    Object dto =
        switch (result) {
          case LoadResult.Valid v -> {
            var d = v.desired();
            var named = ProblemsText.named(d);
            var nearest =
                ProblemsText.nearest(named, today)
                    .map(
                        n ->
                            new Expiry(
                                n.exception().expires().toString(), Printable.escape(n.document())))
                    .orElse(null);
            yield new ValidDto(
                true,
                d.revision(),
                1 + d.units().size() + d.accounts().size(),
                1,
                d.units().size(),
                d.accounts().size(),
                named.size(),
                nearest,
                dtos(v.warnings()));
          }
          case LoadResult.Invalid i -> new InvalidDto(false, dtos(i.problems()));
        };
    try {
      return JSON.writeValueAsString(dto);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write validation JSON", e);
    }
  }

  private static List<ProblemDto> dtos(List<Problem> problems) {
    return problems.stream().sorted().map(ProblemDto::of).toList();
  }
}
