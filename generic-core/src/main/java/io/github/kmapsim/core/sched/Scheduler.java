// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.sched;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.diag.CpuCounters;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.core.hw.Hardware;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic scheduler: the CPUs' kernel state, tasks, context switches with
 * {@code kmap_local_sched_out()} / {@code kmap_local_sched_in()} (kernel/sched/core.c) through the
 * installed {@link TaskKmaps}, migration, fork and exit. Every operation holds this object's
 * lock; refused operations change nothing.
 */
public final class Scheduler {
  private final Events events;
  private final Reporter reporter;
  private final int kmMaxIdx;
  private final SchedCpu[] cpus;
  private final Map<String, SimTask> tasks = new LinkedHashMap<>();
  private TaskKmaps kmaps;
  private KmapRetry kmapRetry;
  private int nextPid = 1;

  /** A scheduler for NR_CPUS CPUs, each running its idle task on its hardware. */
  public Scheduler(Hardware hardware, int nrCpus, int kmMaxIdx, Events events, Reporter reporter) {
    this.events = events;
    this.reporter = reporter;
    this.kmMaxIdx = kmMaxIdx;
    this.cpus = new SchedCpu[nrCpus];
    for (int i = 0; i < nrCpus; i++) {
      cpus[i] = new SchedCpu(i, kmMaxIdx, createIdle(i), hardware, reporter);
    }
  }

  /** Installs the kmap_local code that context switches call. */
  public void install(TaskKmaps taskKmaps) {
    this.kmaps = taskKmaps;
  }

  /** Installs the pkmap code that finishes a kmap() its task slept in, once the task runs. */
  public void install(KmapRetry retry) {
    this.kmapRetry = retry;
  }

  TaskKmaps kmaps() {
    return kmaps;
  }

  /** CPU {@code n}. */
  public SchedCpu cpu(int n) {
    return cpus[n];
  }

  /** Every CPU's counters, for a snapshot. */
  public CpuCounters[] counters() {
    CpuCounters[] all = new CpuCounters[cpus.length];
    for (int i = 0; i < cpus.length; i++) {
      all[i] = cpus[i].counters();
    }
    return all;
  }

  /** CPU n's idle task, {@code swapper/n}, pid 0, current from the start. */
  private SimTask createIdle(int cpu) {
    SimTask idle = new SimTask(this, "swapper/" + cpu, 0, cpu, true, kmMaxIdx);
    idle.state = Task.State.RUNNING;
    tasks.put(idle.name(), idle);
    return idle;
  }

  /**
   * Creates a runnable task whose home is {@code cpu}.
   *
   * @throws io.github.kmapsim.api.KmapException {@code BAD_ARGUMENT} when the name is null,
   *     blank or taken
   */
  public synchronized SimTask create(String name, int cpu) {
    checkNewName(name);
    SimTask task = new SimTask(this, name, nextPid++, cpu, false, kmMaxIdx);
    tasks.put(name, task);
    return task;
  }

  private void checkNewName(String name) {
    if (name == null || name.isBlank() || tasks.containsKey(name)) {
      throw reporter.fail(DiagnosticCode.BAD_ARGUMENT,
          "a task needs a unique name; " + (name == null ? "null" : "'" + name + "'") + " is "
              + (name == null || name.isBlank() ? "empty" : "taken"));
    }
  }

  /** Every task, every CPU's kernel state and counters, for a snapshot. */
  public synchronized SchedulerState capture() {
    List<SchedulerState.TaskState> ts = new ArrayList<>(tasks.size());
    for (SimTask t : tasks.values()) {
      ts.add(SchedulerState.TaskState.of(t));
    }
    List<SchedulerState.CpuState> cs = new ArrayList<>(cpus.length);
    for (SchedCpu c : cpus) {
      cs.add(c.capture());
    }
    return new SchedulerState(List.copyOf(ts), nextPid, List.copyOf(cs));
  }

  /**
   * Puts back what {@link #capture()} took: the tasks it holds (the same objects) and no other,
   * their fields, the CPUs' state and counters.
   */
  public synchronized void restore(SchedulerState s) {
    tasks.clear();
    for (SchedulerState.TaskState t : s.tasks()) {
      t.restore();
      tasks.put(t.task().name(), t.task());
    }
    nextPid = s.nextPid();
    for (int i = 0; i < cpus.length; i++) {
      cpus[i].restore(s.cpus().get(i));
    }
  }

  /** The exception for a bad argument to a task's view ({@code BAD_ARGUMENT}, not recorded). */
  RuntimeException badArgument(String message) {
    return reporter.fail(DiagnosticCode.BAD_ARGUMENT, message);
  }

  /** A task by name; {@code BAD_ARGUMENT} when there is none. */
  public synchronized SimTask byName(String name) {
    SimTask t = name == null ? null : tasks.get(name);
    if (t == null) {
      throw reporter.fail(DiagnosticCode.BAD_ARGUMENT,
          "no task named '" + name + "'; tasks: " + String.join(", ", tasks.keySet()));
    }
    return t;
  }

  /** All tasks, idle tasks first, in creation order. */
  public synchronized List<Task> all() {
    return List.copyOf(new ArrayList<>(tasks.values()));
  }

  /** The simulator's own task behind an API task, checking it belongs to this machine. */
  public synchronized SimTask own(Task task) {
    if (task instanceof SimTask t && tasks.get(t.name()) == t) {
      return t;
    }
    throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, task == null ? "the task is null"
        : "task " + task + " does not belong to this machine");
  }

  /**
   * {@code kmap_local_fork()}: the child starts with an empty kmap_ctrl; a parent holding local
   * kmaps at fork time is a WARN.
   */
  public synchronized SimTask fork(SimTask parent, String childName) {
    alive(parent, "fork");
    SimTask child = create(childName, parent.cpu);
    if (parent.kmapIdx != 0) {
      reporter.warn(DiagnosticCode.FORK_WITH_MAPS, cpu(parent.cpu), parent,
          "kmap_local_fork: " + parent.name() + " forks " + childName
              + " while holding local kmaps; the child's kmap_ctrl is cleared");
    }
    return child;
  }

  /**
   * A context switch on {@code cpu} to {@code next}: refused when the CPU is not preemptible
   * ("scheduling while atomic") or when {@code next} would have to leave a CPU while its migration
   * is disabled. Otherwise prepare_task_switch runs kmap_local_sched_out for the outgoing task and
   * finish_task_switch runs kmap_local_sched_in for the incoming one.
   */
  public synchronized void schedule(SchedCpu cpu, SimTask next) {
    SimTask prev = cpu.currentTask();
    if (!cpu.preemptible()) {
      throw reporter.fail(DiagnosticCode.SCHED_WHILE_ATOMIC, cpu, prev, String.format(
          "scheduling while atomic: %s/%d/0x%08x (%s context, preempt_count %d, irqs %s)",
          prev.name(), prev.pid(), prev.preemptCount, cpu.context(), prev.preemptCount,
          cpu.irqsDisabled() ? "off" : "on"));
    }
    if (next == prev) {
      return;
    }
    checkRunnable(next, cpu);
    if (next.cpu != cpu.id()) {
      checkMovable(next, cpu.id());
    }
    switchTo(cpu, prev, next, Task.State.RUNNABLE);
  }

  /** Moves a task that is not running to another CPU; refused while its migration is disabled. */
  public synchronized void migrate(SimTask task, int target) {
    alive(task, "migrate");
    if (task.state == Task.State.RUNNING) {
      throw reporter.fail(DiagnosticCode.BAD_TASK, cpu(task.cpu), task,
          task.name() + " is running on CPU" + task.cpu + ": switch it out before migrating it");
    }
    if (task.cpu != target) {
      checkMovable(task, target);
      move(task, target);
    }
  }

  /**
   * A task exits. Live local kmaps are a WARN (the kernel asserts there are none on the way to
   * user space and out of do_exit); a running task's final switch to the idle task clears them.
   */
  public synchronized void exit(SimTask task) {
    alive(task, "exit");
    if (task.isIdle()) {
      throw reporter.fail(DiagnosticCode.BAD_TASK, cpu(task.cpu), task,
          "the idle task " + task.name() + " cannot exit");
    }
    SchedCpu cpu = cpu(task.cpu);
    if (task.state == Task.State.RUNNING && cpu.nested()) {
      throw reporter.fail(DiagnosticCode.BAD_CONTEXT, cpu, task, String.format(
          "do_exit of %s while CPU%d is in %s context: the kernel panics (\"Aiee, killing"
              + " interrupt handler!\")", task.name(), cpu.id(),
          cpu.context().name().toLowerCase(java.util.Locale.ROOT)));
    }
    if (task.kmapIdx != 0) {
      reporter.warn(DiagnosticCode.EXIT_WITH_MAPS, cpu, task, String.format(
          "%s/%d exits with %d local kmap(s) held (kmap_ctrl.idx %d): they leak",
          task.name(), task.pid(), task.liveMaps().size(), task.kmapIdx));
    }
    task.kmapWait = null;
    if (task.state == Task.State.RUNNING) {
      switchTo(cpu, task, idleOf(cpu), Task.State.DEAD);
    } else {
      task.state = Task.State.DEAD;
    }
  }

  /**
   * The current task of {@code cpu} sleeps (TASK_UNINTERRUPTIBLE, then {@code schedule()}): the
   * CPU switches to its idle task.
   */
  public synchronized void sleep(SchedCpu cpu) {
    SimTask task = cpu.currentTask();
    if (!cpu.preemptible()) {
      throw reporter.fail(DiagnosticCode.SCHED_WHILE_ATOMIC, cpu, task, String.format(
          "scheduling while atomic: %s/%d/0x%08x must sleep but the CPU is not preemptible",
          task.name(), task.pid(), task.preemptCount));
    }
    switchTo(cpu, task, idleOf(cpu), Task.State.SLEEPING);
  }

  /**
   * {@code set_current_state(TASK_UNINTERRUPTIBLE); schedule()} asked for by the current task:
   * refused for an atomic CPU first ({@code schedule_debug()}), then for the idle task, which has
   * nothing to switch to.
   */
  public void sleepCurrent(SchedCpu cpu) {
    SimTask task = cpu.currentTask();
    if (task.isIdle() && cpu.preemptible()) {
      throw reporter.fail(DiagnosticCode.BAD_TASK, cpu, task, "the idle task "
          + task.name() + " cannot sleep: it is what CPU" + cpu.id() + " runs when no task can");
    }
    sleep(cpu);
  }

  /** {@code wake_up()}: sleeping tasks become runnable on their CPUs. */
  public void wake(List<SimTask> woken) {
    if (!woken.isEmpty()) {
      wakeAll(woken);
    }
  }

  private synchronized void wakeAll(List<SimTask> woken) {
    woken.forEach(this::wakeUpProcess);
  }

  /**
   * {@code wake_up_process()}: a sleeping task becomes runnable on its CPU.
   *
   * @return false when the task was not sleeping (running, runnable or dead): nothing changes
   */
  public synchronized boolean wakeUpProcess(SimTask task) {
    if (task.state != Task.State.SLEEPING) {
      return false;
    }
    task.state = Task.State.RUNNABLE;
    return true;
  }

  private void switchTo(SchedCpu cpu, SimTask prev, SimTask next, Task.State prevState) {
    if (next.cpu != cpu.id()) {
      move(next, cpu.id());
    }
    boolean withMaps = prev.kmapIdx != 0 || next.kmapIdx != 0;
    int cleared = prev.kmapIdx != 0 ? kmaps.schedOut(cpu, prev) : 0;
    prev.state = prevState;
    cpu.setCurrent(next);
    next.state = Task.State.RUNNING;
    int restored = next.kmapIdx != 0 ? kmaps.schedIn(cpu, next) : 0;
    CpuCounters c = cpu.counters();
    c.contextSwitches++;
    if (withMaps) {
      c.switchesWithMaps++;
    }
    c.slotsSaved += cleared;
    c.slotsRestored += restored;
    if (events.active()) {
      events.switched(cpu.id(), prev, next, cleared, restored);
    }
    if (next.kmapWait != null) {
      kmapRetry.retry(cpu, next); // schedule() returned in map_new_virtual(): it scans again
    }
  }

  private void move(SimTask task, int target) {
    int from = task.cpu;
    task.cpu = target;
    if (events.active()) {
      events.migrated(task, from, target);
    }
  }

  private SimTask idleOf(SchedCpu cpu) {
    return tasks.get("swapper/" + cpu.id());
  }

  private void alive(SimTask task, String what) {
    if (task.state == Task.State.DEAD) {
      throw reporter.fail(DiagnosticCode.BAD_TASK, "cannot " + what + " " + task + ": it has exited");
    }
  }

  private void checkRunnable(SimTask next, SchedCpu cpu) {
    alive(next, "schedule");
    if (next.state != Task.State.RUNNABLE) {
      throw reporter.fail(DiagnosticCode.BAD_TASK, cpu, cpu.currentTask(), String.format(
          "cannot switch CPU%d to %s: it is %s%s", cpu.id(), next.name(),
          next.state.name().toLowerCase(java.util.Locale.ROOT),
          next.state == Task.State.RUNNING ? " on CPU" + next.cpu : ""));
    }
  }

  private void checkMovable(SimTask task, int target) {
    SchedCpu home = cpu(task.cpu);
    if (task.isIdle()) {
      throw reporter.fail(DiagnosticCode.BAD_TASK, home, task,
          "the idle task " + task.name() + " is bound to CPU" + task.cpu);
    }
    if (task.migrationDisabled != 0) {
      throw reporter.fail(DiagnosticCode.MIGRATE_DISABLED, home, task, String.format(
          "%s cannot move from CPU%d to CPU%d: migration disabled (count %d)%s", task.name(),
          task.cpu, target, task.migrationDisabled,
          task.kmapIdx != 0 ? ", it holds local kmaps in CPU" + task.cpu + "'s fixmap slots" : ""));
    }
  }

  /**
   * The scheduler's invariants: each CPU runs exactly its current task, and every task's {@code
   * kmap_ctrl.idx} is in range. The caller holds this object's lock.
   */
  public void checkInvariants(List<InvariantViolation> violations) {
    for (SimTask task : tasks.values()) {
      boolean current = cpu(task.cpu).currentTask() == task;
      if (current != (task.state == Task.State.RUNNING)) {
        violations.add(new InvariantViolation(InvariantViolation.Code.TASK_NOT_CURRENT, task.cpu,
            -1, task.name() + " is " + task.state + " but CPU" + task.cpu + " runs "
                + cpu(task.cpu).currentTask().name()));
      }
      if (task.kmapIdx < 0 || task.kmapIdx >= kmMaxIdx) {
        violations.add(new InvariantViolation(InvariantViolation.Code.KMAP_IDX_OUT_OF_RANGE,
            task.cpu, -1, task.name() + ": kmap_ctrl.idx " + task.kmapIdx + " out of range"));
      }
    }
  }
}
