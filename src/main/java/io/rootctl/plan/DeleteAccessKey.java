package io.rootctl.plan;

/** DeleteAccessKey for one root access key. */
public record DeleteAccessKey(String accessKeyId) implements AccountAction {
  @Override
  public ActionKind kind() {
    return ActionKind.DELETE_ACCESS_KEY;
  }

  @Override
  public String planText() {
    return "access key " + accessKeyId;
  }

  @Override
  public String checkText() {
    return "delete access key " + accessKeyId;
  }

  @Override
  public String appliedText() {
    return "deleted access key " + accessKeyId;
  }

  @Override
  public String statusText() {
    return "delete access key " + accessKeyId;
  }
}
