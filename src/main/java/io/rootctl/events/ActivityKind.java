package io.rootctl.events;

/** What a root activity is, for metrics, logs and /status. */
public enum ActivityKind {
  /**
   * An IAM call by the root user that adds, changes or removes one of its credentials ({@link
   * CredentialChangeEvents#NAMES}).
   */
  CREDENTIAL_CHANGE("credential_change"),
  /** Any other API call by the root user (CloudTrail records every IAM call it makes). */
  ROOT_API_CALL("root_api_call"),
  /** A root sign-in to the console ({@code ConsoleLogin}), successful or not. */
  CONSOLE_SIGN_IN("console_sign_in"),
  /**
   * A GuardDuty finding about root credentials, e.g. {@code Policy:IAMUser/RootCredentialUsage}.
   */
  GUARDDUTY_FINDING("guardduty_finding");

  private final String tag;

  ActivityKind(String tag) {
    this.tag = tag;
  }

  /** The lower-case name used in logs and /status. */
  public String tag() {
    return tag;
  }
}
