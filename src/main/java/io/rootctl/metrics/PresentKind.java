package io.rootctl.metrics;

/**
 * The {@code kind} tag of {@code rootctl_root_credentials_present}. A login profile ({@code
 * loginProfile}, from <a
 * href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetLoginProfile.html">GetLoginProfile</a>)
 * and a console password ({@code password}, {@code AccountPasswordPresent} from <a
 * href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html">GetAccountSummary</a>)
 * are counted apart: a root user can have a login profile without a usable password.
 */
public enum PresentKind {
  LOGIN_PROFILE("loginProfile"),
  PASSWORD("password"),
  ACCESS_KEYS("accessKeys"),
  SIGNING_CERTIFICATES("signingCertificates"),
  MFA_DEVICES("mfaDevices");

  private final String tag;

  PresentKind(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
