package io.rootctl.desired;

/** An effective setting and the document it came from. */
public record Resolved<T>(T value, Origin origin) {}
