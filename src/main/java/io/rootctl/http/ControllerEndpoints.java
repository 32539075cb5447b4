package io.rootctl.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.rootctl.control.Controller;
import io.rootctl.control.ControllerStatus;
import io.rootctl.model.Printable;
import java.util.function.Supplier;

/**
 * The {@link StatusServer.Endpoints} of a running {@link Controller}: the registry's scrape, the
 * loop's health and readiness, and its status rendered as JSON.
 */
public final class ControllerEndpoints implements StatusServer.Endpoints {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Controller controller;
  private final Supplier<String> scrape;

  public ControllerEndpoints(Controller controller, Supplier<String> scrape) {
    this.controller = controller;
    this.scrape = scrape;
  }

  @Override
  public String metrics() {
    return scrape.get();
  }

  @Override
  public StatusServer.Check health() {
    var v = controller.health();
    return new StatusServer.Check(v.ok(), v.reason());
  }

  @Override
  public StatusServer.Check readiness() {
    var v = controller.readiness();
    return new StatusServer.Check(v.ok(), v.reason());
  }

  @Override
  public String statusJson() {
    return json(controller.status());
  }

  /**
   * Every string in {@code node} with its control characters escaped ({@link Printable}): names,
   * reasons and error messages come from the desired state and from AWS, and /status is read by
   * people (curl in a terminal) as well as tools. JSON itself would escape only U+0000 to U+001F.
   */
  private static void escapeText(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var names = new java.util.ArrayList<String>();
      object.fieldNames().forEachRemaining(names::add);
      for (var name : names) {
        var value = object.get(name);
        if (value.isTextual()) {
          object.put(name, Printable.escape(value.textValue()));
        } else {
          escapeText(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        var value = array.get(i);
        if (value.isTextual()) {
          array.set(i, TextNode.valueOf(Printable.escape(value.textValue())));
        } else {
          escapeText(value);
        }
      }
    }
  }

  /** {@code status} as the /status document, with control characters escaped in every string. */
  static String json(ControllerStatus status) {
    var root = JSON.createObjectNode();
    root.put("revision", status.revision().orElse(null));
    root.put("lastGoodRevision", status.lastGoodRevision().orElse(null));
    root.put("mode", status.mode());
    status.nextRunAt().ifPresent(t -> root.put("nextRunAt", t.toString()));
    if (status.rejected().isPresent()) {
      var r = status.rejected().get();
      var node = root.putObject("rejected");
      node.put("revision", r.revision());
      node.put("at", r.at().toString());
      r.errors().forEach(node.putArray("errors")::add);
      if (r.errors().isEmpty()) {
        node.putArray("errors");
      }
    } else {
      root.putNull("rejected");
    }
    var runs = root.putArray("runs");
    for (var run : status.runs()) {
      var node = runs.addObject();
      node.put("runId", run.runId());
      node.put("revision", run.revision());
      node.put("startedAt", run.startedAt().toString());
      node.put("durationSeconds", run.durationSeconds());
      node.put("status", run.status());
      node.put("result", run.result());
      ObjectNode counts = node.putObject("counts");
      run.counts().forEach(counts::put);
      node.put("message", run.message());
      var errors = node.putArray("errors");
      run.errors().forEach(errors::add);
    }
    var drifted = root.putArray("drifted");
    for (var d : status.drifted()) {
      var node = drifted.addObject();
      node.put("accountId", d.accountId());
      node.put("name", d.name());
      node.put("ou", d.ou());
      node.put("ouId", d.ouId());
      node.put("driftedSince", d.driftedSince().map(Object::toString).orElse(null));
      var actions = node.putArray("actions");
      d.actions().forEach(actions::add);
      var reasons = node.putArray("reasons");
      d.reasons().forEach(reasons::add);
    }
    var unreadable = root.putArray("unreadable");
    for (var u : status.unreadable()) {
      var node = unreadable.addObject();
      node.put("accountId", u.accountId());
      node.put("name", u.name());
      node.put("ou", u.ou());
      node.put("ouId", u.ouId());
      node.put("reason", u.reason());
      node.put("unreadableSince", u.unreadableSince().toString());
      node.put("lastReadAt", u.lastReadAt().map(Object::toString).orElse(null));
      node.put("lastKnown", u.lastKnown());
      node.put("driftedSince", u.driftedSince().map(Object::toString).orElse(null));
    }
    var needsPerson = root.putArray("needsPerson");
    for (var n : status.needsPerson()) {
      var node = needsPerson.addObject();
      node.put("accountId", n.accountId());
      node.put("name", n.name());
      node.put("ou", n.ou());
      node.put("ouId", n.ouId());
      node.put("requirement", n.requirement());
      node.put("value", n.value());
      node.put("found", n.found());
      node.put("todo", n.todo());
      node.put("reason", n.reason());
    }
    var sources = root.putArray("eventSources");
    for (var e : status.eventSources()) {
      var node = sources.addObject();
      node.put("name", e.name());
      node.put("up", e.up());
      node.put("reason", e.reason());
    }
    var activity = root.putArray("rootActivity");
    for (var entry : status.rootActivity()) {
      var a = entry.activity();
      var node = activity.addObject();
      node.put("time", a.time().toString());
      node.put("accountId", a.account().value());
      node.put("event", a.eventName());
      node.put("kind", a.kind().tag());
      node.put("identityType", a.identityType());
      node.put("arn", a.arn());
      node.put("principalId", a.principalId());
      node.put("assumedRoot", a.assumedRoot());
      node.put("sourceIp", a.sourceIp());
      node.put("expected", a.expected());
      node.put("outcome", entry.outcome());
      node.put("eventId", a.eventId());
    }
    escapeText(root);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers must serialize", e);
    }
  }
}
