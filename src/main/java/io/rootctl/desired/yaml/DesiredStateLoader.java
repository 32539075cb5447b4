package io.rootctl.desired.yaml;

import io.rootctl.desired.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads a desired-state directory. The only code that reads desired-state files.
 *
 * <p>Safe against hostile input: YAML is composed into nodes only, never bound to classes; a tag
 * such as {@code !!javax.script.ScriptEngineManager} is reported, never instantiated. Anchors and
 * aliases are rejected (and their expansion is bounded while composing, so a billion-laughs file
 * fails fast), as are duplicate keys, documents nested deeper than {@link #MAX_NESTING}, files over
 * 1 MiB, bytes that are not UTF-8, control characters in names and free text, and symbolic-link
 * loops. Only regular files inside the directory are read ({@link DirectoryScan}). An empty or
 * missing directory is an error, never "nothing desired".
 *
 * <p>Thread-safe: holds no state between calls.
 */
public final class DesiredStateLoader {
  /** Deepest collection nesting allowed; the language itself needs four levels. */
  static final int MAX_NESTING = 32;

  /** Aliases to collections allowed while composing, before the walker rejects every alias. */
  static final int MAX_COLLECTION_ALIASES = 10;

  /** Reads of a directory whose link keeps moving before the load gives up. */
  static final int MAX_ATTEMPTS = 3;

  private final DirectoryScan scan;

  public DesiredStateLoader() {
    this(DirectoryScan.NO_FOLLOW);
  }

  /**
   * With another way to open files: a test seam to act between listing and reading (a file that
   * vanishes, a git-sync link swapped).
   */
  DesiredStateLoader(DirectoryScan.Opener opener) {
    this.scan = new DirectoryScan(opener);
  }

  /**
   * Reads, checks and returns the desired state of {@code dir}, or every problem found. Never
   * throws for bad input.
   *
   * <p>{@code dir} is resolved once to its real path and every file is listed and read under it;
   * afterwards {@code dir} must still resolve there. When it moved meanwhile (git-sync swapped its
   * link to a new commit), what was read is thrown away and the new target is read, up to {@link
   * #MAX_ATTEMPTS} times; the result is then never a mix of two checkouts. The revision of a valid
   * result is a content hash of exactly the bytes that were parsed.
   *
   * @param today the day exception expiry is judged against (for warnings)
   */
  public LoadResult load(Path dir, LocalDate today) {
    for (int attempt = 1; ; attempt++) {
      var scanned = scan.scan(dir);
      if (scanned.root().isEmpty() || scanned.root().equals(DirectoryScan.realPath(dir))) {
        return check(dir, scanned, today);
      }
      if (attempt == MAX_ATTEMPTS) {
        return new LoadResult.Invalid(
            List.of(
                Problem.error(
                    DirectoryScan.directory(),
                    dir
                        + " moved to another target while it was being read, "
                        + MAX_ATTEMPTS
                        + " times in a row (a git-sync link swapped to new commits): nothing was"
                        + " loaded; load again")));
      }
    }
  }

  private LoadResult check(Path dir, DirectoryScan.Result scanned, LocalDate today) {
    var problems = new ArrayList<>(scanned.problems());
    var documents = new ArrayList<ParsedDocument>();
    boolean complete = problems.isEmpty();
    for (var file : scanned.files()) {
      complete &= compose(file, documents, problems);
    }
    var unreadable = problems.stream().anyMatch(Problem::isError);
    if (scanned.files().isEmpty() && !unreadable) {
      problems.add(
          Problem.error(
              DirectoryScan.directory(),
              "no *.yaml or *.yml files in " + dir + " (hidden files and folders are skipped)"));
    } else if (documents.isEmpty() && !unreadable) {
      problems.add(
          Problem.error(
              DirectoryScan.directory(),
              "no documents in " + dir + ": the files hold only comments or empty documents"));
    } else if (!documents.isEmpty()) {
      var desired =
          new DocumentSet(documents, problems).check(revision(scanned.files()), today, complete);
      if (desired.isPresent()) {
        return new LoadResult.Valid(desired.get(), problems);
      }
    }
    return new LoadResult.Invalid(problems);
  }

  /** Composes every document of {@code file}; false when the file could not be read to its end. */
  private static boolean compose(
      SourceText file, List<ParsedDocument> documents, List<Problem> problems) {
    var options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(DirectoryScan.MAX_FILE_BYTES);
    options.setProcessComments(false);
    // The composer only records a tag on its node; nothing is ever constructed from it. Letting
    // it through means NodeScan reports it at its place and the rest of the file is still checked.
    options.setTagInspector(tag -> true);
    var reader = new StreamReader(file.text());
    var composer = new Composer(new ParserImpl(reader, options), new Resolver(), options);
    var documentReader = new DocumentReader(file, problems);
    try {
      while (composer.checkNode()) {
        documentReader.read(composer.getNode()).ifPresent(documents::add);
      }
      return true;
    } catch (MarkedYAMLException e) {
      var context =
          e.getContext() == null || e.getContextMark() == null
              ? ""
              : " ("
                  + e.getContext()
                  + " at line "
                  + (e.getContextMark().getLine() + 1)
                  + ", column "
                  + (e.getContextMark().getColumn() + 1)
                  + ")";
      problems.add(
          Problem.error(file.at(e.getProblemMark()), "invalid YAML: " + e.getProblem() + context));
    } catch (ReaderException e) {
      problems.add(
          Problem.error(
              file.atOffset(
                  file.text()
                      .offsetByCodePoints(
                          0,
                          Math.min(
                              e.getPosition(),
                              file.text().codePointCount(0, file.text().length())))),
              String.format(
                  "invalid YAML: %s (U+%04X); write it as an escape in a double-quoted string",
                  String.valueOf(e.getMessage()).replaceFirst(" *\\(.*$", ""), e.getCodePoint())));
    } catch (YAMLException e) {
      // The composer's limits (aliases, nesting, size) carry no mark: report where reading stopped.
      problems.add(Problem.error(file.at(reader.getMark()), limitMessage(e)));
    }
    return false;
  }

  private static String limitMessage(YAMLException e) {
    var message = String.valueOf(e.getMessage());
    if (message.startsWith("Number of aliases")) {
      return "too many aliases (more than "
          + MAX_COLLECTION_ALIASES
          + " to collections; a billion-laughs expansion?): anchors and aliases are not supported";
    }
    if (message.startsWith("Nesting Depth exceeded")) {
      return "nested more than " + MAX_NESTING + " levels deep: desired state needs four at most";
    }
    return "invalid YAML: " + message;
  }

  /** A content hash of the sorted files: {@code sha256:} and the first 12 hex digits. */
  static String revision(List<SourceText> files) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (var f : files) {
        digest.update(f.name().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(f.bytes());
        digest.update((byte) 0);
      }
      return "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
