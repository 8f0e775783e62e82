// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code WARN_ON_ONCE()}'s once per boot over a run's diagnostics, in the order they come: the
 * first occurrence of a {@link DiagnosticCode#warnOnce()} code prints as the kernel prints it;
 * a repeat, which the kernel does not print, is shown on one line with its number, and the
 * repeats are counted.
 */
public final class WarnOnce {
  private final Map<DiagnosticCode, Integer> seen = new EnumMap<>(DiagnosticCode.class);

  /** A count with nothing seen yet (a boot). */
  public WarnOnce() {}

  /**
   * Counts {@code d}: its occurrence of its code (1 for the first), or 0 when the code is not a
   * WARN_ON_ONCE.
   */
  public int count(Diagnostic d) {
    return d.code().warnOnce() ? seen.merge(d.code(), 1, Integer::sum) : 0;
  }

  /** How many times {@code code} repeated after its first occurrence, unprinted by the kernel. */
  public int repeats(DiagnosticCode code) {
    return Math.max(0, seen.getOrDefault(code, 0) - 1);
  }

  /** The log's text of {@code d} at {@code occurrence} (from {@link #count}). */
  public static String text(Diagnostic d, int occurrence) {
    if (occurrence <= 1) {
      return d.format();
    }
    return d.code().code() + " WARN_ON_ONCE repeat #" + occurrence + " (not printed by the"
        + " kernel after the first since boot): " + d.message();
  }
}
