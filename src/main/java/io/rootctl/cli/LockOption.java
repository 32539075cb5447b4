package io.rootctl.cli;

import io.rootctl.lock.LockUrl;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --lock-url}: where the writer lock lives (a picocli mixin of the commands that write). */
public final class LockOption {
  /** The environment variable read when {@code --lock-url} is not given. */
  public static final String ENV = "ROOTCTL_LOCK_URL";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--lock-url",
      paramLabel = "s3://BUCKET/KEY",
      defaultValue = "${env:" + ENV + "}",
      description =
          "Where the writer lock lives: an S3 object, taken with a conditional write so that one"
              + " writer changes the organization at a time. Default: $"
              + ENV
              + "; without either, writers are not serialised (and rootctl says so).")
  @Nullable String url;

  /**
   * The lock's location, or empty when none is configured.
   *
   * @throws ParameterException when it is not {@code s3://BUCKET/KEY}
   */
  public Optional<LockUrl> value() {
    var env = System.getenv(ENV);
    if (url == null && (env == null || !env.isBlank())) {
      return Optional.empty();
    }
    if (url == null || url.isBlank()) {
      // ROOTCTL_LOCK_URL set but empty ($UNSET_VAR in a pipeline): never quietly unserialised
      throw new ParameterException(
          spec.commandLine(),
          "--lock-url (or $"
              + ENV
              + ") is set but empty: give s3://BUCKET/KEY, or unset it to run without a lock");
    }
    try {
      return Optional.of(LockUrl.parse(url));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--lock-url: " + e.getMessage());
    }
  }
}
