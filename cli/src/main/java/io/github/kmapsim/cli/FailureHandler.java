// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception out of a command into a clear message on standard error. A configuration
 * the simulator refuses ({@link DiagnosticCode#BAD_CONFIG}: unknown architecture, too many CPUs)
 * is bad input: one line, {@link ExitCodes#BAD_INPUT}. Any other simulator diagnostic is printed
 * as the kernel would log it, with {@link ExitCodes#FAILED}; anything else is a defect of kmapsim
 * and keeps its stack trace.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    try {
      if (ex instanceof KmapException k && k.code() == DiagnosticCode.BAD_CONFIG) {
        err.println("kmapsim: " + k.diagnostic().message());
        return ExitCodes.BAD_INPUT;
      }
      if (ex instanceof KmapException k) {
        err.println("kmapsim: the simulated kernel stopped the command:");
        err.println(k.diagnostic().format());
        return ExitCodes.FAILED;
      }
      err.println("kmapsim: internal error: " + ex);
      ex.printStackTrace(err);
      return ExitCodes.FAILED;
    } finally {
      err.flush();
    }
  }
}
