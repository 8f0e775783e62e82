// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

/** The exit codes of {@code kmapsim}. */
final class ExitCodes {
  /** The command ran as designed. */
  static final int OK = 0;
  /** The simulated kernel reported problems the run did not expect, or the simulator failed. */
  static final int FAILED = 1;
  /** Bad input: unknown command, option or architecture, or a malformed value. */
  static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
