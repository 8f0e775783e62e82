// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a command line picocli could not parse (unknown command or option, a value of the
 * wrong type) as one line on standard error, and exits with {@link ExitCodes#BAD_INPUT}.
 */
final class BadInputHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("kmapsim: " + describe(ex, cmd) + " (see '"
        + cmd.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  /**
   * The problem in words. Unknown words come first: {@code layout --bogus} is about the unknown
   * option, not about the missing {@code --arch} picocli may complain of first.
   */
  private static String describe(ParameterException ex, CommandLine cmd) {
    List<String> unmatched = ex instanceof UnmatchedArgumentException u
        ? u.getUnmatched()
        : cmd.getParseResult() == null ? List.of() : cmd.getParseResult().unmatched();
    if (!unmatched.isEmpty()) {
      String first = unmatched.get(0);
      if (first.startsWith("-")) {
        return "unknown option '" + first + "'";
      }
      if (!cmd.getSubcommands().isEmpty()) {
        return "unknown command '" + first + "'; commands: "
            + String.join(", ", cmd.getSubcommands().keySet());
      }
      return "unexpected argument '" + first + "'";
    }
    return firstLine(ex.getMessage());
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "bad command line";
    }
    String line = message.strip().lines().findFirst().orElse(message);
    return Character.toLowerCase(line.charAt(0)) + line.substring(1);
  }
}
