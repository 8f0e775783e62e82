// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import java.util.ArrayList;
import java.util.List;

/**
 * Records diagnostics and tells listeners. A WARN is recorded and the caller goes on; a BUG or a
 * refusal is returned as the exception the caller throws before changing anything, and recorded
 * when its code is a kernel event ({@link DiagnosticCode#isKernelEvent()}): API misuse is only
 * thrown.
 */
public final class Reporter {
  private final List<Diagnostic> log = new ArrayList<>();
  private final Events events;

  public Reporter(Events events) {
    this.events = events;
    events.attach(this);
  }

  /** Reports a WARN-class problem on a CPU, with the current task's held maps. */
  public void warn(DiagnosticCode code, CpuSite cpu, TaskSite task, String message) {
    CpuCounters counters = cpu.counters();
    synchronized (counters) { // fork and exit report on a task's CPU from any thread
      counters.warnings++;
    }
    record(diagnostic(code, cpu, task, message));
  }

  /** Reports a BUG or refusal on a CPU and returns the exception to throw. */
  public KmapException fail(DiagnosticCode code, CpuSite cpu, TaskSite task, String message) {
    return failed(diagnostic(code, cpu, task, message));
  }

  /** Reports a BUG or refusal that concerns no particular CPU. */
  public KmapException fail(DiagnosticCode code, String message) {
    return failed(new Diagnostic(code, -1, "", Context.TASK, message, List.of()));
  }

  private KmapException failed(Diagnostic d) {
    if (d.code().isKernelEvent()) {
      record(d);
    }
    return new KmapException(d);
  }

  /** Puts back the diagnostics of {@link #all()}, for a restore. */
  public synchronized void restore(List<Diagnostic> diagnostics) {
    log.clear();
    log.addAll(diagnostics);
  }

  /** Every diagnostic so far, oldest first. */
  public synchronized List<Diagnostic> all() {
    return List.copyOf(log);
  }

  private static Diagnostic diagnostic(
      DiagnosticCode code, CpuSite cpu, TaskSite task, String message) {
    return new Diagnostic(code, cpu.id(), task == null ? "" : task.name(), cpu.context(), message,
        task == null ? List.of() : task.describeMaps());
  }

  /** Records a diagnostic and tells the listeners. */
  void record(Diagnostic d) {
    synchronized (this) {
      log.add(d);
    }
    if (events.active()) {
      events.diagnosed(d);
    }
  }
}
