package io.rootctl.desired.yaml;

import io.rootctl.desired.Problem;
import io.rootctl.desired.SourceLocation;
import io.rootctl.model.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds and reads the files of a desired-state directory: {@code *.yaml} and {@code *.yml} at any
 * depth up to {@link #MAX_DEPTH} folders, hidden files and folders skipped. Never throws for bad
 * input: what cannot be read becomes a {@link Problem}.
 *
 * <p>Hostile folders are expected:
 *
 * <ul>
 *   <li>The directory is resolved once to its real path (git-sync's {@code repo} link to its
 *       worktree is part of that path) and every file is listed and read under that real path,
 *       never again through the link, so a link swapped mid-read cannot mix two checkouts.
 *   <li>Only regular files are read: a named pipe, device or socket called {@code *.yaml} is a
 *       problem and is never opened (opening a pipe blocks until someone writes to it). The type is
 *       checked without following links, and the file is opened with {@code O_NOFOLLOW}.
 *   <li>A symbolic link is followed only while its target stays inside the directory; one that
 *       leaves it is a problem and its target is never read, so no error message can quote a file
 *       from elsewhere ({@code /etc/passwd}, a mounted secret). A link back to a parent is a loop.
 *   <li>A folder deeper than {@link #MAX_DEPTH} is a problem, never skipped in silence.
 *   <li>Each file is at most {@link #MAX_FILE_BYTES} of valid UTF-8, and its name prints as it
 *       reads ({@link Printable}).
 * </ul>
 */
final class DirectoryScan {
  /** Per-file size limit: desired state is small; anything bigger is a mistake or an attack. */
  static final int MAX_FILE_BYTES = 1 << 20;

  /** Most files read from one directory: a mistaken --desired-state (a home folder) stops early. */
  static final int MAX_FILES = 10_000;

  /** Deepest folder nesting below the desired-state directory; deeper is an error. */
  static final int MAX_DEPTH = 32;

  private static final String VANISHED =
      "file vanished before it could be read (changed during a checkout, or a broken symbolic"
          + " link); run again on a complete checkout";

  /**
   * Opens a regular file for reading; a seam so tests can act between listing and reading (delete a
   * file, swap a git-sync link). Called with the real path of each file, after its type has been
   * checked.
   */
  @FunctionalInterface
  interface Opener {
    InputStream open(Path file) throws IOException;
  }

  /** Opens without following a symbolic link: a file replaced by a link since listing fails. */
  static final Opener NO_FOLLOW = file -> Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);

  /**
   * @param root the real path every file was listed and read under; empty when the directory could
   *     not be resolved
   */
  record Result(Optional<Path> root, List<SourceText> files, List<Problem> problems) {}

  private final Opener opener;

  DirectoryScan(Opener opener) {
    this.opener = opener;
  }

  /** The directory itself, for problems about the whole directory. */
  static SourceLocation directory() {
    return new SourceLocation(".", 1, 1);
  }

  /** Where {@code dir} really is now (links resolved), if it exists. */
  static Optional<Path> realPath(Path dir) {
    try {
      return Optional.of(dir.toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  Result scan(Path dir) {
    var problems = new ArrayList<Problem>();
    Path root;
    try {
      root = dir.toRealPath();
    } catch (NoSuchFileException e) {
      problems.add(
          Problem.error(directory(), "desired-state directory " + dir + " does not exist"));
      return new Result(Optional.empty(), List.of(), problems);
    } catch (IOException e) {
      problems.add(Problem.error(directory(), "cannot resolve " + dir + ": " + describe(e)));
      return new Result(Optional.empty(), List.of(), problems);
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(Problem.error(directory(), "desired-state path " + dir + " is not a directory"));
      return new Result(Optional.of(root), List.of(), problems);
    }
    var walk = new Walk(root, problems);
    walk.folder(root, "", 0, List.of(root));
    var files = new ArrayList<SourceText>();
    walk.candidates.forEach((name, path) -> read(name, path, problems).ifPresent(files::add));
    return new Result(Optional.of(root), files, problems);
  }

  /** The listing: every YAML file found under {@code root}, by relative name, at its real path. */
  private static final class Walk {
    private final Path root;
    private final List<Problem> problems;
    private final TreeMap<String, Path> candidates = new TreeMap<>();
    private boolean full;

    Walk(Path root, List<Problem> problems) {
      this.root = root;
      this.problems = problems;
    }

    /**
     * Lists {@code real} (a real path under the root), named {@code rel} in messages.
     *
     * @param chain the real paths of the folders from the root down to this one, to find loops
     */
    void folder(Path real, String rel, int depth, List<Path> chain) {
      List<Path> entries;
      try (var stream = Files.newDirectoryStream(real)) {
        entries = new ArrayList<>();
        stream.forEach(entries::add);
      } catch (IOException | java.nio.file.DirectoryIteratorException e) {
        IOException cause =
            e instanceof java.nio.file.DirectoryIteratorException d
                ? Objects.requireNonNull(d.getCause(), "a DirectoryIteratorException has a cause")
                : (IOException) e;
        problems.add(
            Problem.error(
                rel.isEmpty() ? directory() : at(rel), "cannot list folder: " + describe(cause)));
        return;
      }
      entries.sort(null);
      for (var entry : entries) {
        if (full) {
          return;
        }
        var name = entry.getFileName().toString();
        if (!name.startsWith(".")) {
          entry(entry, rel.isEmpty() ? name : rel + "/" + name, depth, chain);
        }
      }
    }

    private void entry(Path path, String rel, int depth, List<Path> chain) {
      boolean yaml = isYaml(rel);
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        if (yaml) {
          problems.add(Problem.error(at(rel), VANISHED));
        }
        return;
      } catch (IOException e) {
        problems.add(Problem.error(at(rel), "cannot read: " + describe(e)));
        return;
      }
      var real = path;
      if (attrs.isSymbolicLink()) {
        try {
          real = path.toRealPath();
        } catch (NoSuchFileException e) {
          // A dangling link reads like a file deleted between listing and reading, unless it
          // points outside (/dev/stdin when stdin is a pipe). One that is not named *.yaml was
          // never going to be read.
          if (yaml) {
            problems.add(Problem.error(at(rel), pointsOutside(path) ? leaves(path) : VANISHED));
          }
          return;
        } catch (IOException e) {
          problems.add(
              Problem.error(at(rel), "cannot follow symbolic link: " + describe(e) + "; not read"));
          return;
        }
        if (!real.startsWith(root)) {
          // A link to a file outside that is not YAML would never be read; a link to a folder
          // outside might hold YAML that would be missed, so it is an error too.
          if (yaml || Files.isDirectory(real)) {
            problems.add(Problem.error(at(rel), leaves(path)));
          }
          return;
        }
        try {
          attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          problems.add(Problem.error(at(rel), "cannot read: " + describe(e)));
          return;
        }
      }
      if (attrs.isDirectory()) {
        if (chain.contains(real)) {
          problems.add(
              Problem.error(
                  at(rel),
                  "symbolic link loop: this folder leads back to one of its parents; not read"));
        } else if (depth == MAX_DEPTH) {
          problems.add(
              Problem.error(
                  at(rel),
                  "folder nested more than "
                      + MAX_DEPTH
                      + " levels below the desired-state directory: not read; move its files"
                      + " up"));
        } else {
          var deeper = new ArrayList<>(chain);
          deeper.add(real);
          folder(real, rel, depth + 1, deeper);
        }
        return;
      }
      if (!yaml) {
        return;
      }
      int unsafe = Printable.firstUnsafe(rel);
      if (unsafe >= 0) {
        problems.add(
            Problem.error(
                at(rel),
                "file name contains a control character ("
                    + Printable.codePoint(rel.codePointAt(unsafe))
                    + "): not read; rename it"));
        return;
      }
      if (!attrs.isRegularFile()) {
        problems.add(Problem.error(at(rel), notRegular(real)));
        return;
      }
      if (candidates.size() == MAX_FILES) {
        problems.add(
            Problem.error(
                directory(),
                "more than " + MAX_FILES + " YAML files: is --desired-state the right directory?"));
        full = true;
        return;
      }
      candidates.put(rel, real);
    }

    /** Whether a link that cannot be followed names a place outside the root. */
    private boolean pointsOutside(Path link) {
      try {
        return !link.resolveSibling(Files.readSymbolicLink(link)).normalize().startsWith(root);
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
  }

  private static SourceLocation at(String rel) {
    return new SourceLocation(Printable.escape(rel), 1, 1);
  }

  private static String leaves(Path link) {
    String target;
    try {
      target = Printable.escape(Files.readSymbolicLink(link).toString());
    } catch (IOException | UnsupportedOperationException e) {
      target = "another place";
    }
    return "symbolic link to "
        + target
        + " leaves the desired-state directory: not read (links may point only inside it)";
  }

  /** Why {@code file} (not a regular file, not a folder) is not read, naming what it is. */
  private static String notRegular(Path file) {
    var kind = "not a regular file";
    try {
      // The unix view gives the file type bits; where it does not exist, the generic message.
      int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      kind =
          switch (mode & 0170000) {
            case 0010000 -> "a named pipe (FIFO)";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> kind;
          };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // keep the generic kind
    }
    return kind + ", not a regular file: not read (only regular files are desired state)";
  }

  private Optional<SourceText> read(String name, Path path, List<Problem> problems) {
    var at = new SourceLocation(name, 1, 1);
    byte[] bytes;
    try {
      // Listed a moment ago; checked again right before opening, in case it was replaced.
      var attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        problems.add(Problem.error(at, notRegular(path)));
        return Optional.empty();
      }
      if (attrs.size() > MAX_FILE_BYTES) {
        problems.add(Problem.error(at, tooLarge()));
        return Optional.empty();
      }
      try (var in = opener.open(path)) {
        bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      problems.add(Problem.error(at, VANISHED));
      return Optional.empty();
    } catch (IOException e) {
      problems.add(Problem.error(at, "cannot read: " + describe(e)));
      return Optional.empty();
    }
    if (bytes.length > MAX_FILE_BYTES) {
      problems.add(Problem.error(at, tooLarge()));
      return Optional.empty();
    }
    return decode(name, bytes, problems);
  }

  private static String tooLarge() {
    return "file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB, the limit per file";
  }

  /** Strict UTF-8: a malformed or unmappable byte is a problem at its line and column. */
  private static Optional<SourceText> decode(String name, byte[] bytes, List<Problem> problems) {
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
      return Optional.empty();
    }
    out.flip();
    return Optional.of(new SourceText(name, out.toString(), bytes));
  }

  private static boolean hasUtf8Bom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf;
  }

  private static boolean isYaml(String name) {
    var lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml");
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
