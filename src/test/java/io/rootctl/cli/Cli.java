package io.rootctl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs rootctl command lines black-box over {@link InMemoryServices}, capturing both streams. */
final class Cli {
  final InMemoryServices services = new InMemoryServices();
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  /** Runs one command line; {@link #out()} and {@link #err()} then hold only its output. */
  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    var cli = RootctlCommand.commandLine(services);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }
}
