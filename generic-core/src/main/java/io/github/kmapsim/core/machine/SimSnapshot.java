// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.core.check.CheckerState;
import io.github.kmapsim.core.highmem.HighmemState;
import io.github.kmapsim.core.hw.HardwareState;
import io.github.kmapsim.core.sched.SchedulerState;
import io.github.kmapsim.core.sched.SimTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link MachineSnapshot}: each layer's part (the scheduler's tasks and CPUs, mm/highmem.c's
 * pkmap pool and io_mappings, the hardware), the checker's history and the diagnostics, with the
 * machine it was taken of, which {@link SimMachine#restore} checks by identity and equality
 * ignores.
 */
final class SimSnapshot implements MachineSnapshot {
  private final SimMachine machine;
  private final SchedulerState scheduler;
  private final HighmemState highmem;
  private final HardwareState hardware;
  private final CheckerState checker;
  private final List<Diagnostic> diagnostics;
  private final Map<SimTask, Map<Long, UserSpace.PageState>> user;

  SimSnapshot(SimMachine machine, SchedulerState scheduler, HighmemState highmem,
      HardwareState hardware, CheckerState checker, List<Diagnostic> diagnostics,
      Map<SimTask, Map<Long, UserSpace.PageState>> user) {
    this.checker = checker;
    this.user = user;
    this.machine = machine;
    this.scheduler = scheduler;
    this.highmem = highmem;
    this.hardware = hardware;
    this.diagnostics = diagnostics;
  }

  SimMachine machine() {
    return machine;
  }

  SchedulerState scheduler() {
    return scheduler;
  }

  HighmemState highmem() {
    return highmem;
  }

  HardwareState hardware() {
    return hardware;
  }

  CheckerState checker() {
    return checker;
  }

  List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  Map<SimTask, Map<Long, UserSpace.PageState>> user() {
    return user;
  }

  @Override
  public List<String> diff(MachineSnapshot other) {
    Objects.requireNonNull(other, "other");
    List<String> out = new ArrayList<>();
    if (!(other instanceof SimSnapshot o)) {
      out.add("not a snapshot of a kmapsim machine: " + other);
      return out;
    }
    scheduler.diff(o.scheduler, out);
    highmem.diff(o.highmem, out);
    hardware.diff(o.hardware, out);
    checker.diff(o.checker, out);
    if (!user.equals(o.user)) {
      out.add("user pages: " + user + " -> " + o.user);
    }
    for (int i = 0; i < Math.max(diagnostics.size(), o.diagnostics.size()); i++) {
      Diagnostic a = i < diagnostics.size() ? diagnostics.get(i) : null;
      Diagnostic b = i < o.diagnostics.size() ? o.diagnostics.get(i) : null;
      if (!Objects.equals(a, b)) {
        out.add("diagnostic " + i + ": " + (a == null ? "none" : a.format()) + " -> "
            + (b == null ? "none" : b.format()));
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SimSnapshot s && s.diagnostics.equals(diagnostics)
        && s.scheduler.equals(scheduler) && s.highmem.equals(highmem)
        && s.hardware.equals(hardware) && s.checker.equals(checker) && s.user.equals(user);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheduler, highmem, hardware, checker, diagnostics, user);
  }

  @Override
  public String toString() {
    return "snapshot of " + machine;
  }
}
