// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

/** The numbers and page names of the scenario format, already checked by the parser. */
final class ScenarioValues {
  private ScenarioValues() {}

  /** A decimal or 0x-hex 64-bit value. */
  static long number(String s) {
    return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
  }

  /** The pfn of {@code highmem+N} (max_low_pfn + N), {@code lowmem+N} (N) or {@code pfn:N}. */
  static long pfn(String spec, long maxLowPfn) {
    if (spec.startsWith("highmem+")) {
      return maxLowPfn + number(spec.substring(8));
    }
    if (spec.startsWith("lowmem+")) {
      return number(spec.substring(7));
    }
    return number(spec.substring(4));
  }
}
