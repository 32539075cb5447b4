/**
 * The use cases both drivers share: load and validate the desired state, read the live state and
 * plan, apply a plan, audit, and the controller's {@link io.rootctl.engine.Engine#reconcileOnce}
 * (plan, guard, apply unless observing, verify). The CLI and the controller only call these; no
 * rule about what to change lives outside the engine's core packages.
 */
@NullMarked
package io.rootctl.engine;

import org.jspecify.annotations.NullMarked;
