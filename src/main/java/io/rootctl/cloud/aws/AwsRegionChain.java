package io.rootctl.cloud.aws;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;

/**
 * Which Region rootctl uses, first match wins:
 *
 * <ol>
 *   <li>{@code --region};
 *   <li>the {@code aws.region} system property, then {@code AWS_REGION}: the SDK's own settings
 *       ({@link SdkSystemSetting#AWS_REGION});
 *   <li>{@code AWS_DEFAULT_REGION}: read by the AWS CLI but not by the AWS SDK for Java 2.x (2.40),
 *       whose {@code DefaultAwsRegionProviderChain} stops at {@code AWS_REGION}; rootctl adds this
 *       one link so a shell set up for the CLI works unchanged;
 *   <li>the {@code region} of the profile ({@code --profile}, else {@code aws.profile}, else {@code
 *       AWS_PROFILE}, else {@code default}) in the shared config file, through the SDK's {@link
 *       AwsProfileRegionProvider} ({@code AWS_CONFIG_FILE} moves the file);
 *   <li>{@link AwsSettings#DEFAULT_REGION}.
 * </ol>
 *
 * <p>Instance metadata (IMDS), the SDK chain's last link, is not asked: a laptop would wait for it
 * to time out. See <a
 * href="https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/region-selection.html">Region
 * selection in the AWS SDK for Java 2.x</a> and <a
 * href="https://docs.aws.amazon.com/cli/v1/userguide/cli-configure-envvars.html">AWS CLI
 * environment variables</a>.
 */
public final class AwsRegionChain {
  /** The AWS CLI's variable the SDK does not read. */
  public static final String AWS_DEFAULT_REGION = "AWS_DEFAULT_REGION";

  /**
   * A Region and where it came from.
   *
   * @param region e.g. {@code eu-west-1}
   * @param source e.g. {@code --region}, {@code AWS_DEFAULT_REGION}, {@code profile prod}
   */
  public record Resolved(String region, String source) {}

  private final Function<String, Optional<String>> environment;
  private final Function<String, Optional<String>> systemProperties;
  private final Supplier<ProfileFile> profileFile;

  /**
   * @param environment environment variables by name
   * @param systemProperties JVM system properties by name
   * @param profileFile the shared config (and credentials) files, e.g. {@link
   *     ProfileFile#defaultProfileFile()}
   */
  public AwsRegionChain(
      Function<String, Optional<String>> environment,
      Function<String, Optional<String>> systemProperties,
      Supplier<ProfileFile> profileFile) {
    this.environment = environment;
    this.systemProperties = systemProperties;
    this.profileFile = profileFile;
  }

  /** The process's environment, system properties and shared config files. */
  public static AwsRegionChain system() {
    return new AwsRegionChain(
        name -> Optional.ofNullable(System.getenv(name)),
        name -> Optional.ofNullable(System.getProperty(name)),
        ProfileFile::defaultProfileFile);
  }

  /**
   * The Region for {@code explicit} ({@code --region}) and {@code profile} ({@code --profile}).
   *
   * @throws IllegalArgumentException when the shared config file cannot be parsed
   */
  public Resolved resolve(Optional<String> explicit, Optional<String> profile) {
    if (explicit.isPresent()) {
      return new Resolved(explicit.get(), "--region");
    }
    var setting = SdkSystemSetting.AWS_REGION;
    var fromProperty = nonBlank(systemProperties.apply(setting.property()));
    if (fromProperty.isPresent()) {
      return new Resolved(fromProperty.get(), setting.property());
    }
    var fromEnv = nonBlank(environment.apply(setting.environmentVariable()));
    if (fromEnv.isPresent()) {
      return new Resolved(fromEnv.get(), setting.environmentVariable());
    }
    var fromDefault = nonBlank(environment.apply(AWS_DEFAULT_REGION));
    if (fromDefault.isPresent()) {
      return new Resolved(fromDefault.get(), AWS_DEFAULT_REGION);
    }
    var profileName = profileName(profile);
    try {
      var region = new AwsProfileRegionProvider(profileFile, profileName).getRegion();
      return new Resolved(region.id(), "profile " + profileName);
    } catch (SdkClientException noRegionInProfile) {
      return new Resolved(AwsSettings.DEFAULT_REGION, "default");
    }
  }

  /** {@code --profile}, else {@code aws.profile}, else {@code AWS_PROFILE}, else default. */
  String profileName(Optional<String> profile) {
    var setting = ProfileFileSystemSetting.AWS_PROFILE;
    return profile
        .or(() -> nonBlank(systemProperties.apply(setting.property())))
        .or(() -> nonBlank(environment.apply(setting.environmentVariable())))
        .orElse("default");
  }

  private static Optional<String> nonBlank(Optional<String> value) {
    return value.map(String::strip).filter(v -> !v.isEmpty());
  }
}
