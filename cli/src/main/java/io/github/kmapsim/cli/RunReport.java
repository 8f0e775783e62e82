// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Severity;
import io.github.kmapsim.api.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a scenario run in kernel terms: a header, each step with its result and the events it
 * caused, the final state (each CPU's current task and context, each task's live maps by name),
 * the diagnostics by code and the invariant violations.
 */
final class RunReport {
  private static final String EVENT = "        ";
  private final PrintWriter out;

  RunReport(PrintWriter out) {
    this.out = out;
  }

  void header(String file, Machine m) {
    out.printf("== %s: %s, %d CPUs, %d MB, highmem from pfn %s, KM_MAX_IDX %d%s%s ==%n", file,
        m.config().arch(), m.nrCpus(), m.config().memoryBytes() >> 20, Hex.pfn(m.maxLowPfn()),
        m.config().kmMaxIdx(), m.config().debugKmapLocal() ? ", DEBUG_KMAP_LOCAL" : "",
        m.config().forceMap() ? ", DEBUG_KMAP_LOCAL_FORCE_MAP" : "");
  }

  void step(StepResult r) {
    Step s = r.step();
    String who = s.cpu() < 0 ? "" : "CPU" + s.cpu() + " " + r.task() + ": ";
    out.printf("%4d %s%s%n", s.line(), who, s.text());
    if (!r.outcome().isEmpty()) {
      out.println(EVENT + "=> " + r.outcome());
    }
    for (String e : r.events()) {
      out.println(EVENT + e);
    }
  }

  void summary(Machine m, Map<String, ScenarioRunner.Binding> bindings, List<String> idle,
      List<String> violations, List<StepResult> results) {
    out.println("final state:");
    for (int i = 0; i < m.nrCpus(); i++) {
      Cpu c = m.cpu(i);
      out.printf("  CPU%d: %s (%s context%s)%n", i, c.current().name(),
          c.context().name().toLowerCase(java.util.Locale.ROOT),
          c.irqsDisabled() ? ", irqs off" : "");
    }
    for (Task t : m.tasks()) {
      if (idle.contains(t.name())) {
        continue;
      }
      out.printf("  task %s: %s on CPU%d, preempt_count %d, kmap_ctrl.idx %d, live maps: %s%n",
          t.name(), t.state().name().toLowerCase(java.util.Locale.ROOT), t.cpu(),
          t.preemptCount(), t.kmapIdx(), maps(t, bindings));
    }
    Map<String, Integer> codes = new TreeMap<>();
    int warn = 0;
    int bug = 0;
    int refused = 0;
    for (Diagnostic d : m.diagnostics()) {
      codes.merge(d.code().code() + " " + d.code().title(), 1, Integer::sum);
      if (d.severity() == Severity.WARN) {
        warn++;
      } else if (d.severity() == Severity.BUG) {
        bug++;
      } else {
        refused++;
      }
    }
    out.printf("diagnostics: %d WARN, %d BUG, %d refused%n", warn, bug, refused);
    codes.forEach((c, n) -> out.printf("  %s (x%d)%n", c, n));
    List<String> failed = results.stream().filter(StepResult::failed)
        .map(r -> Integer.toString(r.step().line())).toList();
    if (!failed.isEmpty()) {
      out.println("steps that did not do what the scenario asked: line " + String.join(", ", failed));
    }
    for (String v : violations) {
      out.println("invariant violated: " + v);
    }
  }

  /** A task's live maps, each by the name the scenario gave it where it has one. */
  static String maps(Task t, Map<String, ScenarioRunner.Binding> bindings) {
    List<LiveMap> live = t.liveMaps();
    if (live.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (LiveMap map : live) {
      long va = map.vaddr();
      String name = null;
      for (Map.Entry<String, ScenarioRunner.Binding> e : bindings.entrySet()) {
        if (e.getValue().vaddr() == va && e.getValue().task().equals(t.name())) {
          name = e.getKey();
        }
      }
      sb.append(sb.length() == 0 ? "" : ", ").append(name == null ? "" : name + "=")
          .append(Hex.addr(va));
    }
    return sb.toString();
  }
}
