package io.rootctl.cloud;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A failure that retrying will not fix until something (permissions, settings, input) changes. */
public final class TerminalCloudException extends CloudException {

  /** What kind of terminal failure this is. */
  public enum Kind {
    /** AccessDenied, a task policy or SCP denial, bad or missing credentials. */
    ACCESS_DENIED,
    /** A prerequisite is off: trusted access, root features, all-features mode, organization. */
    NOT_ENABLED,
    /** The request itself is wrong: validation errors, unknown entities, conflicts. */
    INVALID_REQUEST,
    /** The root session's credentials expired (ExpiredToken): open a new session and go on. */
    SESSION_EXPIRED,
    UNKNOWN
  }

  private final Kind kind;

  public TerminalCloudException(
      Kind kind,
      String operation,
      Optional<String> account,
      String errorCode,
      String requestId,
      String detail,
      @Nullable Throwable cause) {
    super(operation, account, errorCode, requestId, detail, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
