// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * The entry point of the {@code kmapsim} command.
 *
 * <p>Exit codes: {@value ExitCodes#OK} when the command ran as designed, {@value
 * ExitCodes#FAILED} when the simulated kernel reported problems the run did not expect (or the
 * simulator itself failed), {@value ExitCodes#BAD_INPUT} for bad input (an unknown command, option
 * or architecture, a malformed number).
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command, writing to the given streams, and returns its exit code; the JVM keeps
   * running.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    boolean terminal = out == System.out && System.console() != null;
    CommandLine cl = new CommandLine(new KmapsimCommand())
        .setOut(outWriter)
        .setErr(errWriter)
        .setColorScheme(CommandLine.Help.defaultColorScheme(terminal ? Ansi.AUTO : Ansi.OFF))
        .setParameterExceptionHandler(new BadInputHandler())
        .setExecutionExceptionHandler(new FailureHandler());
    ((StressCommand) cl.getSubcommands().get("stress").getCommand()).terminal(terminal);
    ((ExploreCommand) cl.getSubcommands().get("explore").getCommand()).terminal(terminal);
    cl.setExecutionStrategy(parsed -> {
      // picocli lets --help win over unmatched words: 'kmapsim NOSUCH --help' is still bad input
      for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
        if (!p.unmatched().isEmpty()) {
          throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(),
              p.unmatched());
        }
      }
      for (String option : new String[] {"--json", "--plugin"}) {
        if (parsed.hasSubcommand() && parsed.hasMatchedOption(option)) {
          throw new CommandLine.ParameterException(cl, option + " goes after the command, as in"
              + " 'kmapsim " + parsed.subcommand().commandSpec().name() + " " + option + "'");
        }
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    try {
      return cl.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }
}
