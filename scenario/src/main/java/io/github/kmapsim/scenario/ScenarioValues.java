// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The numbers and sizes of the scenario format. */
final class ScenarioValues {
  private static final Pattern SIZE = Pattern.compile("(\\d+)([KMGT]?)(?:I?B)?");

  private ScenarioValues() {}

  /** A decimal or 0x-hex 64-bit value. */
  static long number(String s) {
    return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
  }

  /** {@code memparse()}: bytes with an optional K, M, G or T. */
  static long memparse(String value) {
    Matcher m = SIZE.matcher(value.strip().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + value
          + "' is not a memory size: give bytes or a number with K, M, G or T (896M, 2G)");
    }
    int shift = switch (m.group(2)) {
      case "K" -> 10;
      case "M" -> 20;
      case "G" -> 30;
      case "T" -> 40;
      default -> 0;
    };
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is too large a memory size");
    }
    if (n == 0) {
      throw new IllegalArgumentException("'" + value + "': memory must be larger than 0");
    }
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("'" + value + "' is too large a memory size");
    }
    return n << shift;
  }
}
