package io.rootctl.plan;

/**
 * One write rootctl would make. What a kind of action is apart from its fields (JSON name, task
 * policy, order, symbol) lives in its {@link ActionKind}; its texts live in its record. Every
 * {@code switch} over actions is exhaustive with no default, so a new action fails to compile until
 * the executor, the plan JSON and the other switches handle it.
 */
public sealed interface Action permits AccountAction, OrganizationAction {

  /** This action's kind: JSON name, task policy, execution order, plan symbol. */
  ActionKind kind();

  /** The plan text's description, e.g. {@code access key AKIA...}; ids not yet escaped. */
  String planText();

  /**
   * The saved-plan check's wording, e.g. {@code delete access key AKIA...}; ids not yet escaped.
   */
  String checkText();
}
