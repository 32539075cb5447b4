/**
 * The {@code rootctl} command line (picocli): {@link io.rootctl.cli.RootctlCommand} and one class
 * per subcommand. Commands parse options, call the engine, render and choose the exit code; they
 * decide nothing about what to change. Exit codes: 0 success, 1 any error (usage errors included),
 * 2 only for {@code plan --detailed-exitcode} with changes pending.
 */
@NullMarked
package io.rootctl.cli;

import org.jspecify.annotations.NullMarked;
