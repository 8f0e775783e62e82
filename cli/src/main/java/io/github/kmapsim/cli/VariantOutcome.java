// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Counters;
import java.util.List;

/**
 * How the demonstration went on one variant.
 *
 * @param variant the variant name
 * @param counters the machine's counters at the end, or {@code null} when no machine was built
 * @param problems what did not go as designed; empty when all did
 */
record VariantOutcome(String variant, Counters counters, List<String> problems) {
  VariantOutcome {
    problems = List.copyOf(problems);
  }

  boolean ok() {
    return problems.isEmpty();
  }
}
