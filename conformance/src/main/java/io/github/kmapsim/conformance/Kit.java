// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.conformance;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.Machine;
import java.util.List;

/** What every rule body uses: failing, declining, and checking a machine's state. */
final class Kit {
  private Kit() {}

  /** A rule's failure: the message names the mistake. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** The variant lacks what a rule is about. */
  static final class NotApplicable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotApplicable(String why) {
      super(why, null, false, false);
    }
  }

  /** Fails the rule with {@code message} unless {@code ok}. */
  static void require(boolean ok, String message) {
    if (!ok) {
      throw new Failure(message);
    }
  }

  /** Fails the rule. */
  static Failure fail(String message) {
    return new Failure(message);
  }

  /** Declines the rule: the variant lacks what it is about. */
  static String notApplicable(String why) {
    throw new NotApplicable(why);
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  /** A non-zero value that depends on both arguments. */
  static long pattern(long a, long b) {
    long h = (a * 0x9E37_79B9_7F4A_7C15L) ^ (b + 0x5851_F42D_4C95_7F2DL);
    h ^= h >>> 29;
    return h == 0 ? 1 : h;
  }

  /** Eight bytes of physical memory, little-endian, read without translation. */
  static long physicalLong(Machine m, long pa) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = value << 8 | (m.readPhysical(pa + i) & 0xffL);
    }
    return value;
  }

  /**
   * Fails unless the machine reported nothing and its invariants hold. The message lists what it
   * found as the machine says it; which mistake it stems from is the business of the rules this
   * one depends on, which name themselves.
   */
  static void noDiagnostics(Machine m, String when) {
    List<String> d = m.diagnostics().stream().map(Diagnostic::format).toList();
    if (!d.isEmpty()) {
      throw fail(when + ": the machine reported " + first(d));
    }
    List<String> inv = m.checkInvariants().stream().map(InvariantViolation::format).toList();
    if (!inv.isEmpty()) {
      throw fail(when + ": invariants broken: " + first(inv));
    }
  }

  /** The first report's first line, and how many more there were: one line for a message. */
  private static String first(List<String> reports) {
    String line = reports.get(0).lines().findFirst().orElse("");
    return line + (reports.size() == 1 ? "" : " (and " + (reports.size() - 1) + " more)");
  }
}
