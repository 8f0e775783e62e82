// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.sched;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.diag.CpuCounters;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The scheduler's part of a machine snapshot, immutable: every task with its state, CPU, disable
 * counts, {@code kmap_ctrl} and the page of the kmap() it sleeps in, the next pid, and each CPU's
 * current task, context nesting, interrupt flag and counters. Tasks are compared by name, so the
 * snapshots of two machines driven alike are equal; the task objects are kept so that {@link
 * Scheduler#restore} can bring them back.
 */
public final class SchedulerState {
  private final List<TaskState> tasks;
  private final int nextPid;
  private final List<CpuState> cpus;

  /**
   * One task: the object and a copy of its fields, with the page of the kmap() it sleeps in (the
   * core's retry of {@code map_new_virtual()}), or null.
   */
  record TaskState(SimTask task, int cpu, Task.State state, int preemptCount,
      int pagefaultDisabled, int migrationDisabled, int kmapIdx, long[] pteval,
      long positionsUsed, Page kmapWait) {

    static TaskState of(SimTask t) {
      return new TaskState(t, t.cpu, t.state, t.preemptCount, t.pagefaultDisabled,
          t.migrationDisabled, t.kmapIdx, t.pteval.clone(), t.positionsUsed, t.kmapWait);
    }

    /** The waited-for pfn, -1 for none: pages are compared by frame, as tasks are by name. */
    long kmapWaitPfn() {
      return kmapWait == null ? -1 : kmapWait.pfn();
    }

    void restore() {
      task.cpu = cpu;
      task.state = state;
      task.preemptCount = preemptCount;
      task.pagefaultDisabled = pagefaultDisabled;
      task.migrationDisabled = migrationDisabled;
      task.kmapIdx = kmapIdx;
      System.arraycopy(pteval, 0, task.pteval, 0, pteval.length);
      task.positionsUsed = positionsUsed;
      task.kmapWait = kmapWait;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TaskState t && t.task.name().equals(task.name())
          && t.task.pid() == task.pid() && t.cpu == cpu && t.state == state
          && t.preemptCount == preemptCount && t.pagefaultDisabled == pagefaultDisabled
          && t.migrationDisabled == migrationDisabled && t.kmapIdx == kmapIdx
          && Arrays.equals(t.pteval, pteval) && t.positionsUsed == positionsUsed
          && t.kmapWaitPfn() == kmapWaitPfn();
    }

    @Override
    public int hashCode() {
      return Objects.hash(task.name(), cpu, state, kmapIdx, Arrays.hashCode(pteval));
    }

    void diff(TaskState b, List<String> out) {
      String n = "task " + task.name();
      field(out, n, "CPU", cpu, b.cpu);
      if (state != b.state) {
        out.add(n + " state: " + state + " -> " + b.state);
      }
      field(out, n, "preempt_count", preemptCount, b.preemptCount);
      field(out, n, "pagefault_disabled", pagefaultDisabled, b.pagefaultDisabled);
      field(out, n, "migration_disabled", migrationDisabled, b.migrationDisabled);
      field(out, n, "kmap_ctrl.idx", kmapIdx, b.kmapIdx);
      for (int i = 0; i < Math.min(pteval.length, b.pteval.length); i++) {
        if (pteval[i] != b.pteval[i]) {
          out.add(String.format("%s kmap_ctrl.pteval[%d]: 0x%x -> 0x%x", n, i, pteval[i],
              b.pteval[i]));
        }
      }
      if (positionsUsed != b.positionsUsed) {
        out.add(String.format("%s stack positions used: 0x%x -> 0x%x", n, positionsUsed,
            b.positionsUsed));
      }
      if (kmapWaitPfn() != b.kmapWaitPfn()) {
        out.add(n + " sleeps in kmap() of: " + kmapWait + " -> " + b.kmapWait);
      }
    }
  }

  /** One CPU: current task, the interrupt contexts it is in with what each saved, counters. */
  record CpuState(int id, SimTask current, boolean irqsDisabled, Context[] contexts,
      boolean[] savedIrqsDisabled, int[] kmapIdxAtEntry, int[] preemptAtEntry,
      int[] pagefaultAtEntry, int[] migrateAtEntry, long[] counters) {

    @Override
    public boolean equals(Object o) {
      return o instanceof CpuState c && c.current.name().equals(current.name())
          && c.irqsDisabled == irqsDisabled && Arrays.equals(c.contexts, contexts)
          && Arrays.equals(c.savedIrqsDisabled, savedIrqsDisabled)
          && Arrays.equals(c.kmapIdxAtEntry, kmapIdxAtEntry)
          && Arrays.equals(c.preemptAtEntry, preemptAtEntry)
          && Arrays.equals(c.pagefaultAtEntry, pagefaultAtEntry)
          && Arrays.equals(c.migrateAtEntry, migrateAtEntry)
          && Arrays.equals(c.counters, counters);
    }

    @Override
    public int hashCode() {
      return Objects.hash(current.name(), irqsDisabled, Arrays.hashCode(contexts),
          Arrays.hashCode(counters));
    }

    void diff(CpuState b, List<String> out) {
      String n = "CPU" + id;
      if (!current.name().equals(b.current.name())) {
        out.add(n + " current: " + current.name() + " -> " + b.current.name());
      }
      if (irqsDisabled != b.irqsDisabled) {
        out.add(n + " irqs_disabled: " + irqsDisabled + " -> " + b.irqsDisabled);
      }
      if (!equals(b) && (!Arrays.equals(contexts, b.contexts)
          || !Arrays.equals(savedIrqsDisabled, b.savedIrqsDisabled)
          || !Arrays.equals(kmapIdxAtEntry, b.kmapIdxAtEntry)
          || !Arrays.equals(preemptAtEntry, b.preemptAtEntry)
          || !Arrays.equals(pagefaultAtEntry, b.pagefaultAtEntry)
          || !Arrays.equals(migrateAtEntry, b.migrateAtEntry))) {
        out.add(n + " contexts: " + Arrays.toString(contexts) + " -> "
            + Arrays.toString(b.contexts) + " (with what each entry saved)");
      }
      for (int i = 0; i < counters.length; i++) {
        field(out, n + " counter", CpuCounters.NAMES.get(i), counters[i], b.counters[i]);
      }
    }
  }

  SchedulerState(List<TaskState> tasks, int nextPid, List<CpuState> cpus) {
    this.tasks = tasks;
    this.nextPid = nextPid;
    this.cpus = cpus;
  }

  List<TaskState> tasks() {
    return tasks;
  }

  int nextPid() {
    return nextPid;
  }

  List<CpuState> cpus() {
    return cpus;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SchedulerState s && s.nextPid == nextPid && s.tasks.equals(tasks)
        && s.cpus.equals(cpus);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tasks, nextPid, cpus);
  }

  /** Adds a line for each difference from {@code after}. */
  public void diff(SchedulerState after, List<String> out) {
    for (TaskState t : tasks) {
      TaskState u = after.find(t.task.name());
      if (u == null) {
        out.add("task " + t.task.name() + ": exists -> does not exist");
      } else if (!t.equals(u)) {
        t.diff(u, out);
      }
    }
    for (TaskState u : after.tasks) {
      if (find(u.task.name()) == null) {
        out.add("task " + u.task.name() + ": does not exist -> " + u.state);
      }
    }
    field(out, "scheduler", "next pid", nextPid, after.nextPid);
    for (int i = 0; i < Math.min(cpus.size(), after.cpus.size()); i++) {
      cpus.get(i).diff(after.cpus.get(i), out);
    }
  }

  private TaskState find(String name) {
    for (TaskState t : tasks) {
      if (t.task.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  private static void field(List<String> out, String who, String what, long a, long b) {
    if (a != b) {
      out.add(who + " " + what + ": " + a + " -> " + b);
    }
  }
}
