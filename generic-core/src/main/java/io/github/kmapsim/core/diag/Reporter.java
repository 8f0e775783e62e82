// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Site;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Records diagnostics and tells listeners. A WARN is recorded and the caller goes on; a BUG or a
 * refusal is returned as the exception the caller throws before changing anything, and recorded
 * when its code is a kernel event ({@link DiagnosticCode#isKernelEvent()}): API misuse is only
 * thrown.
 */
public final class Reporter {
  /** The codes that report maps still held: they name the site of each. */
  private static final Set<DiagnosticCode> LEAKS = EnumSet.of(DiagnosticCode.EXIT_WITH_MAPS,
      DiagnosticCode.IRQ_EXIT_WITH_MAPS, DiagnosticCode.STACK_OVERFLOW,
      DiagnosticCode.RETURN_TO_USER_WITH_MAPS);

  private final List<Diagnostic> log = new ArrayList<>();
  private final Events events;
  private volatile LeakSites leakSites;

  public Reporter(Events events) {
    this.events = events;
    events.attach(this);
  }

  /** Installs the sites of held maps, which the diagnostics about maps still held name. */
  public void install(LeakSites sites) {
    leakSites = sites;
  }

  /** Reports a WARN-class problem on a CPU, with the current task's held maps. */
  public void warn(DiagnosticCode code, CpuSite cpu, TaskSite task, String message) {
    warn(code, cpu, task, message, List.of());
  }

  /** Reports a WARN-class problem on a CPU with the sites of the mappings involved. */
  public void warn(DiagnosticCode code, CpuSite cpu, TaskSite task, String message,
      List<Site> sites) {
    CpuCounters counters = cpu.counters();
    synchronized (counters) { // fork and exit report on a task's CPU from any thread
      counters.warnings++;
    }
    record(diagnostic(code, cpu, task, message, sites));
  }

  /** Reports a BUG or refusal on a CPU and returns the exception to throw. */
  public KmapException fail(DiagnosticCode code, CpuSite cpu, TaskSite task, String message) {
    return failed(diagnostic(code, cpu, task, message, List.of()));
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

  private Diagnostic diagnostic(
      DiagnosticCode code, CpuSite cpu, TaskSite task, String message, List<Site> sites) {
    LeakSites leaks = leakSites;
    if (leaks != null && task != null && LEAKS.contains(code)) {
      sites = leaks.held(task);
      message += leaks.tally();
    }
    return new Diagnostic(code, cpu.id(), task == null ? "" : task.name(), cpu.context(), message,
        task == null ? List.of() : task.describeMaps(), sites);
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
