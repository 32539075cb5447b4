/**
 * Reads a desired-state directory into a {@link io.rootctl.desired.DesiredState}: walks the
 * directory, decodes each {@code *.yaml}/{@code *.yml} file as strict UTF-8, composes it with the
 * SnakeYAML node API (no object is ever constructed from YAML) and checks every document against
 * the language docs/desired-state.md describes, with one reader per {@code DocumentKind}. Every
 * problem is collected, each with its {@code file:line:col}; the only package that touches files or
 * SnakeYAML.
 */
@NullMarked
package io.rootctl.desired.yaml;

import org.jspecify.annotations.NullMarked;
