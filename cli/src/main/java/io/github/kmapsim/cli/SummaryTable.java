package io.github.kmapsim.cli;

import io.github.kmapsim.api.Counters;
import java.io.PrintWriter;
import java.util.List;

/**
 * The one-screen summary of a demonstration: per variant the local maps and unmaps, TLB flushes
 * (local, range and full), context switches where a task held local kmaps, persistent maps
 * (kmap() calls that took or reused a pkmap entry), pkmap flushes (flush_all_zero_pkmaps runs),
 * IPIs sent for TLB maintenance, and warnings.
 */
final class SummaryTable {
  private static final String ROW = "%-12s %6s %7s %12s %19s %16s %14s %6s %9s  %s%n";

  private final List<VariantOutcome> outcomes;

  SummaryTable(List<VariantOutcome> outcomes) {
    this.outcomes = List.copyOf(outcomes);
  }

  void print(PrintWriter out) {
    out.println("summary");
    out.printf(ROW, "variant", "maps", "unmaps", "TLB flushes", "switches with maps",
        "persistent maps", "pkmap flushes", "IPIs", "warnings", "result");
    for (VariantOutcome o : outcomes) {
      Counters c = o.counters();
      String result = o.ok() ? "ok" : o.problems().size() + " unexpected";
      if (c == null) {
        out.printf(ROW, o.variant(), "-", "-", "-", "-", "-", "-", "-", "-", result);
      } else {
        out.printf(ROW, o.variant(), c.localMaps(), c.localUnmaps(),
            c.tlbLocalFlushes() + c.tlbRangeFlushes() + c.tlbFullFlushes(), c.switchesWithMaps(),
            c.persistentMaps(), c.pkmapFlushes(), c.ipis(), c.warnings(), result);
      }
    }
    long failed = outcomes.stream().filter(o -> !o.ok()).count();
    out.println(failed == 0
        ? "every variant ran as designed (its one warning is the deliberate wrong-order unmap)"
        : failed + " variant(s) did not run as designed: see UNEXPECTED above");
  }
}
