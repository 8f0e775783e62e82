// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.report;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Severity;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.Hex;
import io.github.kmapsim.scenario.RunSummary;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.Statement;
import io.github.kmapsim.scenario.StepResult;
import io.github.kmapsim.scenario.WarnOnce;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints a scenario run in kernel terms: a header, each step with its outcome and the events it
 * caused, the final state (each CPU's current task and context, each task's live maps by name),
 * the diagnostics by code, what the scenario expected, and the invariant violations.
 */
public final class RunReport {
  private static final String EVENT = "        ";
  private final PrintWriter out;

  /** A report written to {@code out}. */
  public RunReport(PrintWriter out) {
    this.out = out;
  }

  /** {@code == FILE: arch, N CPUs, ... ==}. */
  public void header(String file, Machine m) {
    out.printf("== %s: %s, %d CPUs, %d MB, highmem from pfn %s, KM_MAX_IDX %d%s%s ==%n", file,
        m.config().arch(), m.nrCpus(), m.config().memoryBytes() >> 20, Hex.pfn(m.maxLowPfn()),
        m.config().kmMaxIdx(), m.config().debugKmapLocal() ? ", DEBUG_KMAP_LOCAL" : "",
        m.config().forceMap() ? ", DEBUG_KMAP_LOCAL_FORCE_MAP" : "");
  }

  /** One step: its line, CPU and task, the call, {@code => outcome}, the events. */
  public void step(StepResult r) {
    Statement s = r.statement();
    String who = s.cpu() < 0 ? "" : "CPU" + s.cpu() + " " + r.task() + ": ";
    out.printf("%4d %s%s%n", s.line(), who, s.text());
    String said = r.outcome().text();
    if (!said.isEmpty()) {
      out.println(EVENT + "=> " + said);
    }
    for (String e : r.events()) {
      out.println(EVENT + e);
    }
  }

  /** The final state, the diagnostics and how the run compares with what was expected. */
  public void summary(ScenarioRun run, RunSummary summary) {
    Machine m = run.machine();
    if (!run.leaks().isEmpty()) {
      out.println("at the end of the scenario:");
      run.leaks().forEach(d -> d.format().lines().forEach(l -> out.println("  " + l)));
    }
    out.println("final state:");
    for (int i = 0; i < m.nrCpus(); i++) {
      Cpu c = m.cpu(i);
      out.printf("  CPU%d: %s (%s context%s)%n", i, c.current().name(),
          c.context().name().toLowerCase(Locale.ROOT), c.irqsDisabled() ? ", irqs off" : "");
    }
    for (Task t : m.tasks()) {
      if (run.idleTasks().contains(t.name())) {
        continue;
      }
      out.printf("  task %s: %s on CPU%d, preempt_count %d, kmap_ctrl.idx %d, live maps: %s%n",
          t.name(), t.state().name().toLowerCase(Locale.ROOT), t.cpu(), t.preemptCount(),
          t.kmapIdx(), maps(t, run.bindings()));
    }
    Map<String, Integer> codes = new TreeMap<>();
    Map<String, Integer> repeats = new TreeMap<>();
    WarnOnce once = new WarnOnce();
    int warn = 0;
    int bug = 0;
    int refused = 0;
    for (Diagnostic d : m.diagnostics()) {
      String key = d.code().code() + " " + d.code().title();
      codes.merge(key, 1, Integer::sum);
      if (once.count(d) > 1) {
        repeats.merge(key, 1, Integer::sum);
      }
      if (d.severity() == Severity.WARN) {
        warn++;
      } else if (d.severity() == Severity.BUG) {
        bug++;
      } else {
        refused++;
      }
    }
    out.printf("diagnostics: %d WARN, %d BUG, %d refused%n", warn, bug, refused);
    codes.forEach((c, n) -> out.printf("  %s (x%d%s)%n", c, n, repeats.containsKey(c)
        ? ", WARN_ON_ONCE: printed once, " + repeats.get(c) + " repeat"
            + (repeats.get(c) == 1 ? "" : "s") + " not printed by the kernel" : ""));
    if (!summary.expected().isEmpty()) {
      out.println("expected: " + summary.expected().stream()
          .map(e -> e.code().code() + " x" + e.count()).collect(Collectors.joining(", "))
          + (summary.unmet().isEmpty() && summary.unexpected().isEmpty()
              ? " (as reported, nothing else)" : ""));
      summary.unmet().forEach(u -> out.println("  " + u));
      summary.unexpected().forEach(d -> out.println("  unexpected " + d.code().code()));
    }
    List<Integer> failed = summary.failedLines();
    if (!failed.isEmpty()) {
      out.println("steps that did not do what the scenario asked: line "
          + failed.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
    summary.violations().forEach(v -> out.println("invariant violated: " + v.format()));
  }

  /** A task's live maps, each by the name the scenario gave it where it has one. */
  public static String maps(Task t, Map<String, ScenarioRun.Binding> bindings) {
    List<LiveMap> live = t.liveMaps();
    if (live.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (LiveMap map : live) {
      long va = map.vaddr();
      String name = null;
      for (Map.Entry<String, ScenarioRun.Binding> e : bindings.entrySet()) {
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
