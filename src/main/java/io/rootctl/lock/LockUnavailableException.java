package io.rootctl.lock;

import org.jspecify.annotations.Nullable;

/**
 * The lock's store could not be used (access denied, no such bucket, a network failure, a lock
 * object rootctl did not write): the writer cannot tell whether another holds the lock, so it does
 * not write (fail closed).
 */
public final class LockUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LockUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  @Override
  public String getMessage() {
    return java.util.Objects.requireNonNull(super.getMessage());
  }
}
