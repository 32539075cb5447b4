package io.rootctl.desired;

/** A value and where it was written. */
public record Located<T>(T value, SourceLocation location) {}
