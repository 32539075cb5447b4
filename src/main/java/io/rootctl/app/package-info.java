/**
 * The composition root: {@link io.rootctl.app.Main} builds the object graph (SDK clients, clock,
 * executors, registries) by hand and is the only code that calls {@code System.exit}. Nothing
 * depends on this package.
 */
@NullMarked
package io.rootctl.app;

import org.jspecify.annotations.NullMarked;
