// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

/** Bad scenario input, with the 1-based line and column it was found at. */
final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final int column;

  ScenarioException(int line, int column, String message) {
    super(message);
    this.line = line;
    this.column = column;
  }

  /** {@code FILE:LINE:COLUMN: why}. */
  String format(String file) {
    return file + ":" + line + ":" + column + ": " + getMessage();
  }
}
