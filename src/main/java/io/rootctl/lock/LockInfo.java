package io.rootctl.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What the lock object holds: who took the lock, where, for what, and until when. Written as one
 * JSON object (the field names below), as Terraform writes its lock info ({@code ID}, {@code Who},
 * {@code Operation}, {@code Created}).
 *
 * @param id the lock's id, a random UUID: what {@code rootctl force-unlock} takes
 * @param holder who: the operating-system user (or {@code controller})
 * @param host the host name (a pod's name in Kubernetes)
 * @param pid the process id
 * @param command what holds it: {@code rootctl apply}, {@code rootctl controller}
 * @param revision the desired-state revision being applied
 * @param created when the lock was taken
 * @param expires when the lock lapses unless renewed; after it another writer may take it over
 */
public record LockInfo(
    String id,
    String holder,
    String host,
    long pid,
    String command,
    String revision,
    Instant created,
    Instant expires) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public LockInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
  }

  /**
   * This lock with every text field's control, line-break and bidi characters written as escapes
   * ({@link io.rootctl.model.Printable#escape}): a lock object is anybody's S3 write, so what it
   * says is shown through this, never raw, on a terminal or in a log.
   */
  public LockInfo printable() {
    return new LockInfo(
        io.rootctl.model.Printable.escape(id),
        io.rootctl.model.Printable.escape(holder),
        io.rootctl.model.Printable.escape(host),
        pid,
        io.rootctl.model.Printable.escape(command),
        io.rootctl.model.Printable.escape(revision),
        created,
        expires);
  }

  /** Whether the lock has lapsed at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expires);
  }

  /** This lock, renewed until {@code newExpiry}. */
  public LockInfo until(Instant newExpiry) {
    return new LockInfo(id, holder, host, pid, command, revision, created, newExpiry);
  }

  /** The JSON object written to the lock object. */
  public String toJson() {
    var node = JSON.createObjectNode();
    node.put("id", id)
        .put("holder", holder)
        .put("host", host)
        .put("pid", pid)
        .put("command", command)
        .put("revision", revision)
        .put("created", created.toString())
        .put("expires", expires.toString());
    return node.toString();
  }

  /**
   * Reads a lock object's contents.
   *
   * @throws IllegalArgumentException when it is not a lock rootctl wrote (not a JSON object, a
   *     field missing or of the wrong type)
   */
  public static LockInfo fromJson(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a rootctl lock: not JSON", e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a rootctl lock: not a JSON object");
    }
    try {
      return new LockInfo(
          text(node, "id"),
          text(node, "holder"),
          text(node, "host"),
          Long.parseLong(text(node, "pid")),
          text(node, "command"),
          text(node, "revision"),
          Instant.parse(text(node, "created")),
          Instant.parse(text(node, "expires")));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("not a rootctl lock: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    var value = node.get(field);
    if (value == null || !value.isValueNode() || value.isNull()) {
      throw new IllegalArgumentException("not a rootctl lock: no " + field);
    }
    return value.asText();
  }
}
