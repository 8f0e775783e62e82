// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Counters;
import io.github.kmapsim.scenario.report.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The one-screen summary of a demonstration, its scenarios' counters summed per variant: the
 * local maps and unmaps, TLB flushes (local, range and full), context switches where a task held
 * local kmaps, persistent maps (kmap() calls that took or reused a pkmap entry), pkmap flushes
 * (flush_all_zero_pkmaps runs), IPIs sent for TLB maintenance, and warnings.
 */
final class SummaryTable {
  /** The columns after the variant's, which is as wide as the longest name and at least 12. */
  private static final String COLUMNS = " %6s %7s %12s %19s %16s %14s %6s %9s  %s%n";

  private final List<VariantOutcome> outcomes;

  SummaryTable(List<VariantOutcome> outcomes) {
    this.outcomes = List.copyOf(outcomes);
  }

  void print(PrintWriter out) {
    int width = Math.max(12, outcomes.stream().mapToInt(o -> o.variant().length()).max()
        .orElse(0));
    String row = "%-" + width + "s" + COLUMNS;
    out.println("summary");
    out.printf(row, "variant", "maps", "unmaps", "TLB flushes", "switches with maps",
        "persistent maps", "pkmap flushes", "IPIs", "warnings", "result");
    for (VariantOutcome o : outcomes) {
      Counters c = o.counters();
      if (c == null) {
        out.printf(row, o.variant(), "-", "-", "-", "-", "-", "-", "-", "-", result(o));
      } else {
        out.printf(row, o.variant(), c.localMaps(), c.localUnmaps(), tlbFlushes(c),
            c.switchesWithMaps(), c.persistentMaps(), c.pkmapFlushes(), c.ipis(), c.warnings(),
            result(o));
      }
    }
    long failed = outcomes.stream().filter(o -> !o.ok()).count();
    out.println(failed == 0
        ? "every variant ran as designed (its two warnings are the deliberate wrong-order unmaps)"
        : failed + " variant(s) did not run as designed: see UNEXPECTED above");
  }

  /**
   * The rows for {@code demo --json}: the table's columns (null where no machine was built), then
   * whether the variant ran as designed, what did not, and all its counters.
   */
  List<Map<String, Object>> rows() {
    return outcomes.stream().map(o -> {
      Counters c = o.counters();
      boolean none = c == null;
      return Json.object("variant", o.variant(),
          "maps", none ? null : c.localMaps(),
          "unmaps", none ? null : c.localUnmaps(),
          "tlbFlushes", none ? null : tlbFlushes(c),
          "switchesWithMaps", none ? null : c.switchesWithMaps(),
          "persistentMaps", none ? null : c.persistentMaps(),
          "pkmapFlushes", none ? null : c.pkmapFlushes(),
          "ipis", none ? null : c.ipis(),
          "warnings", none ? null : c.warnings(),
          "result", result(o),
          "ok", o.ok(),
          "problems", o.problems(),
          "counters", c);
    }).toList();
  }

  private static long tlbFlushes(Counters c) {
    return c.tlbLocalFlushes() + c.tlbRangeFlushes() + c.tlbFullFlushes();
  }

  private static String result(VariantOutcome o) {
    return o.ok() ? "ok" : o.problems().size() + " unexpected";
  }
}
