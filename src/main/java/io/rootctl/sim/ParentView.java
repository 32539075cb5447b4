package io.rootctl.sim;

/** A parent of an account or OU: its id and {@code ROOT} or {@code ORGANIZATIONAL_UNIT}. */
public record ParentView(String id, String type) {}
