package io.rootctl.plan;

/**
 * One write rootctl would make. Every {@code switch} over actions is exhaustive with no default, so
 * a new action fails to compile until the executor, the renderer and the plan JSON handle it.
 */
public sealed interface Action permits AccountAction, OrganizationAction {}
