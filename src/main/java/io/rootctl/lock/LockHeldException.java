package io.rootctl.lock;

import java.util.Objects;

/**
 * Another writer holds the lock, and its lease has not lapsed: nothing was written. The message is
 * Terraform's kind of "Error acquiring the state lock": who holds it, since when, for what, and how
 * to {@code rootctl force-unlock} it.
 */
public final class LockHeldException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient LockInfo holder;
  private final String location;

  public LockHeldException(LockInfo holder, String location) {
    super(message(holder, location));
    this.holder = Objects.requireNonNull(holder);
    this.location = Objects.requireNonNull(location);
  }

  /** The lock as the other writer wrote it. */
  public LockInfo holder() {
    return holder;
  }

  /** Where the lock is: {@code s3://BUCKET/KEY}. */
  public String location() {
    return location;
  }

  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }

  static String message(LockInfo lock, String location) {
    var holder = lock.printable();
    location = io.rootctl.model.Printable.escape(location);
    return "Error acquiring the writer lock\n\n"
        + "The lock at "
        + location
        + " is held by another writer:\n"
        + details(holder)
        + "\n"
        + "rootctl takes this lock so that only one writer changes the organization at a time;"
        + " nothing was changed. Wait for that writer to finish and try again. If it is gone"
        + " (killed, its machine lost), the lock lapses at "
        + holder.expires()
        + " and the next writer takes it over; to remove it now, make sure that writer is not"
        + " running and run:\n"
        + "  rootctl force-unlock "
        + holder.id()
        + " --lock-url "
        + location
        + "\n";
  }

  /** One line for logs and the controller's run report: who holds the lock, since when, its id. */
  public static String summary(LockInfo lock, String location) {
    var holder = lock.printable();
    location = io.rootctl.model.Printable.escape(location);
    return "the writer lock at "
        + location
        + " is held by "
        + holder.holder()
        + " on "
        + holder.host()
        + " (pid "
        + holder.pid()
        + ", "
        + holder.command()
        + ", revision "
        + holder.revision()
        + ") since "
        + holder.created()
        + ", until "
        + holder.expires()
        + " unless renewed; lock ID "
        + holder.id();
  }

  /** The lock's fields, one indented line each, as the messages show them. */
  static String details(LockInfo lock) {
    var info = lock.printable();
    return "  ID:        "
        + info.id()
        + "\n  Holder:    "
        + info.holder()
        + "\n  Host:      "
        + info.host()
        + " (pid "
        + info.pid()
        + ")\n  Command:   "
        + info.command()
        + "\n  Revision:  "
        + info.revision()
        + "\n  Created:   "
        + info.created()
        + "\n  Expires:   "
        + info.expires()
        + " unless renewed\n";
  }
}
