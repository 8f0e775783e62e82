// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.report;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.scenario.RunSummary;
import io.github.kmapsim.scenario.ScenarioRun;
import io.github.kmapsim.scenario.StepResult;
import io.github.kmapsim.scenario.WarnOnce;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The machine-readable result of a scenario run, a tree of maps and lists for {@link Json}. */
public final class RunJson {
  private RunJson() {}

  /**
   * The run as one JSON object: {@code scenario}, {@code config}, {@code steps} (line, cpu, task,
   * call, outcome, failed, events, diagnostics), {@code diagnostics}, {@code expected}, {@code
   * unmet}, {@code finalState}, {@code counters}, {@code invariantViolations}, {@code exitCode}.
   */
  public static Map<String, Object> of(String file, ScenarioRun run, List<StepResult> results,
      RunSummary summary, int exitCode) {
    Machine m = run.machine();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scenario", file);
    root.put("config", m.config());
    List<Object> steps = new ArrayList<>();
    WarnOnce stepOnce = new WarnOnce();
    for (StepResult r : results) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("line", r.statement().line());
      s.put("cpu", r.statement().cpu());
      s.put("task", r.task());
      s.put("call", r.statement().text());
      s.put("outcome", r.outcome().text());
      s.put("failed", r.failed());
      s.put("events", r.events());
      s.put("diagnostics", r.diagnostics().stream()
          .map(d -> diagnostic(d, stepOnce.count(d))).toList());
      steps.add(s);
    }
    root.put("steps", steps);
    WarnOnce once = new WarnOnce();
    root.put("diagnostics", m.diagnostics().stream().map(d -> diagnostic(d, once.count(d)))
        .toList());
    root.put("expected", summary.expected().stream()
        .map(e -> Json.object("code", e.code().code(), "count", e.count())).toList());
    root.put("unmet", summary.unmet());
    List<Object> cpus = new ArrayList<>();
    for (int i = 0; i < m.nrCpus(); i++) {
      Cpu c = m.cpu(i);
      cpus.add(Map.of("cpu", i, "current", c.current().name(),
          "context", c.context().name().toLowerCase(Locale.ROOT)));
    }
    List<Object> tasks = new ArrayList<>();
    for (Task t : m.tasks()) {
      if (!run.idleTasks().contains(t.name())) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", t.name());
        o.put("pid", t.pid());
        o.put("cpu", t.cpu());
        o.put("state", t.state().name().toLowerCase(Locale.ROOT));
        o.put("preemptCount", t.preemptCount());
        o.put("kmapIdx", t.kmapIdx());
        o.put("liveMaps", RunReport.maps(t, run.bindings()));
        tasks.add(o);
      }
    }
    root.put("finalState", Map.of("cpus", cpus, "tasks", tasks));
    root.put("counters", m.counters());
    root.put("invariantViolations", summary.violations().stream()
        .map(v -> v.format()).toList());
    root.put("exitCode", exitCode);
    return root;
  }

  /**
   * A diagnostic as a JSON object: code, severity, CPU, task, context, the message, the held
   * maps, the sites ({@code role}: map, unmap or use; {@code file}, {@code line}, {@code name})
   * and the formatted text as the log shows it.
   */
  public static Map<String, Object> diagnostic(Diagnostic d) {
    return diagnostic(d, 0);
  }

  /**
   * As {@link #diagnostic(Diagnostic)}, for a {@code WARN_ON_ONCE} code ({@link
   * io.github.kmapsim.api.DiagnosticCode#warnOnce()}) with {@code warnOnce}: {@code occurrence}
   * (1 for the first) and {@code printed} (whether the kernel prints it: the first only); the
   * text of a repeat is the log's one-line note.
   */
  static Map<String, Object> diagnostic(Diagnostic d, int occurrence) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("code", d.code().code());
    o.put("severity", d.severity().name());
    o.put("cpu", d.cpu());
    o.put("task", d.task());
    o.put("context", d.context().name().toLowerCase(Locale.ROOT));
    o.put("message", d.message());
    o.put("heldMaps", d.heldMaps());
    o.put("sites", d.sites().stream().map(s -> Json.object("role",
        s.role().name().toLowerCase(Locale.ROOT), "file", s.file(), "line", s.line(), "name",
        s.name())).toList());
    if (occurrence > 0) {
      o.put("warnOnce", Json.object("occurrence", occurrence, "printed", occurrence == 1));
    }
    o.put("text", WarnOnce.text(d, occurrence));
    return o;
  }
}
