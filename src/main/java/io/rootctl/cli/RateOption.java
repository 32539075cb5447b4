package io.rootctl.cli;

import io.rootctl.cloud.RateLimits;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --rate KEY=RATE,...}, shared by plan, apply, audit and controller (a picocli mixin). */
public final class RateOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--rate",
      paramLabel = "KEY=RATE[,KEY=RATE...]",
      description =
          "Client-side request rates (per second) instead of the defaults, e.g."
              + " sts=300,organizations.ListAccounts=8,iam=20. Keys: sts (AssumeRoot; default"
              + " 300 of the account's 600/s STS quota), iam (per member account; default 20),"
              + " organizations (every Organizations API) or organizations.OPERATION (default:"
              + " AWS's published rate of each). Each rate backs off on throttling and recovers.")
  @Nullable String rate;

  /**
   * The rate limits: {@link RateLimits#defaults()} with {@code --rate} applied.
   *
   * @throws ParameterException (a usage error: exit 1) naming the key that is not right
   */
  public RateLimits value() {
    if (rate == null) {
      return RateLimits.defaults();
    }
    try {
      return RateLimits.defaults().parse(rate);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), "--rate: " + e.getMessage());
    }
  }
}
