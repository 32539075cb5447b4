package io.rootctl.lock;

import java.util.Optional;

/** The lock object in memory, with S3's conditional-write rules; counts the writes it took. */
public class InMemoryLockObject implements LockObject {
  private LockObject.Stored stored;
  private int version;
  public int writes;

  @Override
  public String location() {
    return "s3://locks/rootctl.lock";
  }

  @Override
  public synchronized Optional<Stored> read() {
    return Optional.ofNullable(stored);
  }

  @Override
  public synchronized String create(String body) {
    if (stored != null) {
      throw new Conflict("412 PreconditionFailed");
    }
    return put(body);
  }

  @Override
  public synchronized String replace(String body, String etag) {
    if (stored == null || !stored.etag().equals(etag)) {
      throw new Conflict(stored == null ? "404 NoSuchKey" : "412 PreconditionFailed");
    }
    return put(body);
  }

  @Override
  public synchronized void delete(String etag) {
    if (stored == null || !stored.etag().equals(etag)) {
      throw new Conflict("412 PreconditionFailed");
    }
    stored = null;
    writes++;
  }

  /** Someone else writes the object, unconditionally. */
  public synchronized String overwrite(String body) {
    return put(body);
  }

  synchronized void remove() {
    stored = null;
  }

  private String put(String body) {
    writes++;
    stored = new Stored(body, "\"etag-" + (++version) + "\"");
    return stored.etag();
  }
}
