package io.rootctl.sim;

/** The organization root. */
public record RootView(String id, String arn, String name) {}
