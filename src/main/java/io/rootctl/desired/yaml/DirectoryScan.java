package io.rootctl.desired.yaml;

import io.rootctl.desired.Problem;
import io.rootctl.desired.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Finds and reads the files of a desired-state directory: {@code *.yaml} and {@code *.yml} at any
 * depth, hidden files and folders skipped, symbolic links followed (a loop is a problem, not a
 * hang). Each file must be at most {@link #MAX_FILE_BYTES} of valid UTF-8. Never throws for bad
 * input: what cannot be read becomes a {@link Problem}.
 */
final class DirectoryScan {
  /** Per-file size limit: desired state is small; anything bigger is a mistake or an attack. */
  static final int MAX_FILE_BYTES = 1 << 20;

  /** Most files read from one directory: a mistaken --desired-state (a home folder) stops early. */
  static final int MAX_FILES = 10_000;

  /** Deepest folder nesting followed below the desired-state directory. */
  static final int MAX_DEPTH = 32;

  /** Opens a file for reading; a seam so tests can make a file vanish between listing and read. */
  @FunctionalInterface
  interface Opener {
    InputStream open(Path file) throws IOException;
  }

  record Result(List<SourceText> files, List<Problem> problems) {}

  private final Opener opener;

  DirectoryScan(Opener opener) {
    this.opener = opener;
  }

  /** The directory itself, for problems about the whole directory. */
  static SourceLocation directory() {
    return new SourceLocation(".", 1, 1);
  }

  Result scan(Path dir) {
    var problems = new ArrayList<Problem>();
    if (!Files.exists(dir)) {
      problems.add(
          Problem.error(directory(), "desired-state directory " + dir + " does not exist"));
      return new Result(List.of(), problems);
    }
    if (!Files.isDirectory(dir)) {
      problems.add(Problem.error(directory(), "desired-state path " + dir + " is not a directory"));
      return new Result(List.of(), problems);
    }
    var candidates = new TreeMap<String, Path>();
    try {
      Files.walkFileTree(
          dir,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          MAX_DEPTH,
          new Visitor(dir, candidates, problems));
    } catch (IOException e) {
      problems.add(Problem.error(directory(), "cannot list " + dir + ": " + describe(e)));
    }
    var files = new ArrayList<SourceText>();
    candidates.forEach((name, path) -> read(name, path, problems).ifPresent(files::add));
    return new Result(files, problems);
  }

  private final class Visitor extends SimpleFileVisitor<Path> {
    private final Path root;
    private final TreeMap<String, Path> candidates;
    private final List<Problem> problems;

    Visitor(Path root, TreeMap<String, Path> candidates, List<Problem> problems) {
      this.root = root;
      this.candidates = candidates;
      this.problems = problems;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
      return !d.equals(root) && isHidden(d)
          ? FileVisitResult.SKIP_SUBTREE
          : FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      // A symbolic link that cannot be followed arrives here with the link's own attributes;
      // reading it then fails like a file deleted after listing, and is reported as such.
      if (!isHidden(file) && isYaml(file) && !attrs.isDirectory()) {
        if (candidates.size() == MAX_FILES) {
          problems.add(
              Problem.error(
                  directory(),
                  "more than " + MAX_FILES + " YAML files: is --desired-state the right directory?"));
          return FileVisitResult.TERMINATE;
        }
        candidates.put(relative(root, file), file);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      if (isHidden(file)) {
        return FileVisitResult.CONTINUE;
      }
      var at = new SourceLocation(relative(root, file), 1, 1);
      if (e instanceof FileSystemLoopException) {
        problems.add(
            Problem.error(
                at, "symbolic link loop: this folder leads back to one of its parents; not read"));
      } else {
        problems.add(Problem.error(at, "cannot read: " + describe(e)));
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path d, IOException e) {
      if (e != null) {
        problems.add(
            Problem.error(
                new SourceLocation(relative(root, d), 1, 1), "cannot list folder: " + describe(e)));
      }
      return FileVisitResult.CONTINUE;
    }
  }

  private java.util.Optional<SourceText> read(String name, Path path, List<Problem> problems) {
    var at = new SourceLocation(name, 1, 1);
    byte[] bytes;
    try (var in = opener.open(path)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      problems.add(
          Problem.error(
              at,
              "file vanished before it could be read (changed during a checkout, or a broken"
                  + " symbolic link); run again on a complete checkout"));
      return java.util.Optional.empty();
    } catch (IOException e) {
      problems.add(Problem.error(at, "cannot read: " + describe(e)));
      return java.util.Optional.empty();
    }
    if (bytes.length > MAX_FILE_BYTES) {
      problems.add(
          Problem.error(
              at, "file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB, the limit per file"));
      return java.util.Optional.empty();
    }
    return decode(name, bytes, problems);
  }

  /** Strict UTF-8: a malformed or unmappable byte is a problem at its line and column. */
  private static java.util.Optional<SourceText> decode(
      String name, byte[] bytes, List<Problem> problems) {
    int start = hasUtf8Bom(bytes) ? 3 : 0;
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    var in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    var out = CharBuffer.allocate(bytes.length);
    var result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      out.flip();
      var prefix = new SourceText(name, out.toString(), bytes);
      var at = prefix.atOffset(out.length());
      problems.add(
          Problem.error(
              at,
              String.format(
                  Locale.ROOT,
                  "not valid UTF-8 (byte 0x%02x at offset %d): save the file as UTF-8",
                  bytes[offset] & 0xff,
                  offset)));
      return java.util.Optional.empty();
    }
    out.flip();
    return java.util.Optional.of(new SourceText(name, out.toString(), bytes));
  }

  private static boolean hasUtf8Bom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf;
  }

  private static boolean isHidden(Path p) {
    var name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static boolean isYaml(Path p) {
    var name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /** {@code file} relative to {@code root}, with {@code /} separators on every platform. */
  static String relative(Path root, Path file) {
    var rel = root.relativize(file);
    var parts = new ArrayList<String>();
    rel.forEach(part -> parts.add(part.toString()));
    return parts.isEmpty() ? "." : String.join("/", parts);
  }

  private static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    var message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
