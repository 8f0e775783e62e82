// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

/** Bad scenario input, with the 1-based line and column it was found at. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final int column;

  /** A problem at {@code line}:{@code column}. */
  public ScenarioException(int line, int column, String message) {
    super(message);
    this.line = line;
    this.column = column;
  }

  /** The 1-based line. */
  public int line() {
    return line;
  }

  /** The 1-based column. */
  public int column() {
    return column;
  }

  /** {@code FILE:LINE:COLUMN: why}. */
  public String format(String file) {
    return file + ":" + line + ":" + column + ": " + getMessage();
  }
}
