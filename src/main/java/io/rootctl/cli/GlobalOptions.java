package io.rootctl.cli;

import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options every subcommand accepts (a picocli mixin). */
public final class GlobalOptions {

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "AWS Region for STS (AssumeRoot needs a regional endpoint); its partition (aws,"
              + " aws-us-gov, aws-cn) chooses the IAM and Organizations endpoints and ARNs."
              + " Default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region, else"
              + " us-east-1.")
  @Nullable String region;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "AWS shared-config profile, as AWS_PROFILE: its credentials (keys, role_arn,"
              + " credential_process), region, endpoint_url and services (per-service endpoints).")
  @Nullable String profile;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "Send every AWS call to this URL (the rootctl sim emulator); overrides AWS_ENDPOINT_URL,"
              + " AWS_ENDPOINT_URL_<SERVICE> and the profile's endpoints.")
  @Nullable URI endpointUrl;

  @Option(
      names = {"--no-color", "-no-color"},
      description = "Plain text output, no ANSI colour.")
  boolean noColor;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      defaultValue = "text",
      description =
          "Log lines on stderr as text (default) or as one JSON object per line (logback's"
              + " JsonEncoder), for a log pipeline.")
  LogFormat logFormat = LogFormat.text;

  @Option(
      names = {"--input", "-input"},
      arity = "1",
      paramLabel = "true|false",
      defaultValue = "true",
      description =
          "Ask for input (apply's 'yes') on stdin, a terminal or a pipe. -input=false never"
              + " asks: a command that needs a 'yes' then fails unless --auto-approve. Also off"
              + " when TF_INPUT is false or 0, or TF_IN_AUTOMATION or ROOTCTL_IN_AUTOMATION is"
              + " set.")
  boolean input = true;

  @Option(
      names = {"-v", "--verbose"},
      description = "More log output on stderr (repeat for more).")
  boolean[] verbosity = new boolean[0];

  /** {@code --region}, if given; otherwise the AWS settings resolve it. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  public Optional<URI> endpointUrl() {
    return Optional.ofNullable(endpointUrl);
  }

  /** False under {@code -input=false}: never read stdin for an answer. */
  public boolean input() {
    return input;
  }

  /** How many times {@code -v} was given. */
  public int verbosity() {
    return verbosity.length;
  }

  public boolean noColor() {
    return noColor;
  }

  public LogFormat logFormat() {
    return logFormat;
  }
}
