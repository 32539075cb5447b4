package io.rootctl.lock;

/**
 * The writer's lease was lost while it applied: it lapsed before it could be renewed, or the lock
 * object changed under it (another writer took it over, or {@code rootctl force-unlock} removed
 * it). The writer made no AWS write after it noticed; the run fails.
 */
public final class LockLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LockLostException(String message) {
    super(message);
  }

  @Override
  public String getMessage() {
    return java.util.Objects.requireNonNull(super.getMessage());
  }
}
