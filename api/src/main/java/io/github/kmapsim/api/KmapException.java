// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * Thrown when a simulated kernel call hits a {@code BUG} or is refused. The machine is left as it
 * was before the call; {@link #diagnostic()} says what went wrong, where, and in which context.
 */
public final class KmapException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Diagnostic diagnostic;

  /**
   * Creates the exception for a diagnostic.
   *
   * @param diagnostic what went wrong
   */
  public KmapException(Diagnostic diagnostic) {
    super(diagnostic.format());
    this.diagnostic = diagnostic;
  }

  /** What went wrong, on which CPU and task. */
  public Diagnostic diagnostic() {
    return diagnostic;
  }

  /** The stable code of the problem. */
  public DiagnosticCode code() {
    return diagnostic.code();
  }
}
