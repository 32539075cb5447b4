package io.rootctl.plan;

/** DeleteSigningCertificate for one root signing certificate. */
public record DeleteSigningCertificate(String certificateId) implements AccountAction {
  @Override
  public ActionKind kind() {
    return ActionKind.DELETE_SIGNING_CERTIFICATE;
  }

  @Override
  public String planText() {
    return "signing certificate " + certificateId;
  }

  @Override
  public String checkText() {
    return "delete signing certificate " + certificateId;
  }

  @Override
  public String appliedText() {
    return "deleted signing certificate " + certificateId;
  }

  @Override
  public String statusText() {
    return "delete signing certificate " + certificateId;
  }
}
