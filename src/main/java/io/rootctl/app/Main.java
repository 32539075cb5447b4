package io.rootctl.app;

import io.rootctl.cli.RootctlCommand;

/** Entry point of the {@code rootctl} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(RootctlCommand.run(new Components(), args));
  }
}
