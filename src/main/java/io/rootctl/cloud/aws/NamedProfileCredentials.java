package io.rootctl.cloud.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK's own {@link ProfileCredentialsProvider} for the profile {@code --profile} names (keys,
 * {@code role_arn}, {@code credential_process}, SSO through the SDK's {@code sso} and {@code
 * ssooidc} modules), whose failures name the profile as the default chain names it: {@code
 * ProfileCredentialsProvider(profileName=NAME): reason}, so that {@link AwsErrors} can say what to
 * do (e.g. {@code aws sso login --profile NAME}). Resolution is the SDK's; only the message is
 * ours. A service error of the SSO portal (e.g. {@code UnauthorizedException} for a revoked token)
 * becomes a client error too: it is about the credentials, not the call being made.
 */
final class NamedProfileCredentials implements AwsCredentialsProvider, SdkAutoCloseable {
  private final String profile;
  private final ProfileCredentialsProvider delegate;

  NamedProfileCredentials(String profile) {
    this.profile = profile;
    this.delegate = ProfileCredentialsProvider.builder().profileName(profile).build();
  }

  @Override
  public AwsCredentials resolveCredentials() {
    try {
      return delegate.resolveCredentials();
    } catch (SdkException e) {
      throw SdkClientException.builder()
          .message(
              "ProfileCredentialsProvider(profileName="
                  + profile
                  + "): "
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()))
          .cause(e)
          .build();
    }
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "ProfileCredentialsProvider(profileName=" + profile + ")";
  }
}
