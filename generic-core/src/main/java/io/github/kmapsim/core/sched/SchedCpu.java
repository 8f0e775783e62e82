// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.sched;

import io.github.kmapsim.api.Context;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.core.diag.CpuCounters;
import io.github.kmapsim.core.diag.CpuSite;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.core.hw.Hardware;
import io.github.kmapsim.core.hw.HwCpu;
import java.util.Arrays;

/**
 * One CPU as the kernel sees it: its current task, its context nesting (task, softirq, hardirq,
 * NMI) with the interrupt flag, the preempt/pagefault/migrate disable calls of the task it runs,
 * and the hardware it runs on. Written only by the thread that drives the CPU (or under the
 * scheduler's lock).
 */
public final class SchedCpu implements CpuSite {
  /**
   * {@code HARDIRQ_BITS} (include/linux/preempt.h): the hardirq count has 4 bits, so at most 15
   * hardirqs nest (a handler that re-enabled interrupts, which the kernel WARNs about).
   */
  static final int MAX_HARDIRQ_NESTING = 15;
  /** A softirq, the hardirqs nested on it, and an NMI (which nests in nothing). */
  private static final int MAX_NESTING = 1 + MAX_HARDIRQ_NESTING + 1;

  private final int id;
  private final int kmapStride;
  private final CpuCounters counters = new CpuCounters();
  private final Reporter reporter;
  private final HwCpu hw;

  private SimTask current;
  private boolean irqsDisabled;
  private final Context[] contexts = new Context[MAX_NESTING];
  private final boolean[] savedIrqsDisabled = new boolean[MAX_NESTING];
  private final int[] kmapIdxAtEntry = new int[MAX_NESTING];
  private final int[] preemptAtEntry = new int[MAX_NESTING];
  private final int[] pagefaultAtEntry = new int[MAX_NESTING];
  private final int[] migrateAtEntry = new int[MAX_NESTING];
  private int depth;

  SchedCpu(int id, int kmMaxIdx, SimTask idle, Hardware hardware, Reporter reporter) {
    this.id = id;
    this.kmapStride = id * kmMaxIdx;
    this.current = idle;
    this.reporter = reporter;
    this.hw = hardware.attach(id, this);
  }

  @Override
  public int id() {
    return id;
  }

  @Override
  public CpuCounters counters() {
    return counters;
  }

  /** The hardware this CPU runs on. */
  public HwCpu hw() {
    return hw;
  }

  /** {@code KM_MAX_IDX * smp_processor_id()}: where this CPU's kmap slots start. */
  public int kmapStride() {
    return kmapStride;
  }

  @Override
  public SimTask currentTask() {
    return current;
  }

  void setCurrent(SimTask task) {
    current = task;
  }

  /** Whether the CPU may schedule: task context, interrupts on, preemption enabled. */
  public boolean preemptible() {
    return depth == 0 && !irqsDisabled && current.preemptCount == 0;
  }

  /** Whether the CPU is in any interrupt context (softirq, hardirq or NMI). */
  public boolean nested() {
    return depth != 0;
  }

  /** {@code in_hardirq()}: also true inside an NMI, whose entry adds HARDIRQ_OFFSET too. */
  public boolean inHardirq() {
    for (int i = 0; i < depth; i++) {
      if (contexts[i] == Context.HARDIRQ || contexts[i] == Context.NMI) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Context context() {
    return depth == 0 ? Context.TASK : contexts[depth - 1];
  }

  /** {@code irqs_disabled()}. */
  public boolean irqsDisabled() {
    return irqsDisabled;
  }

  /**
   * {@code might_sleep()} ({@code __might_sleep} in kernel/sched/core.c): a call that may sleep
   * from a context that may not is reported, and the call goes on.
   */
  public void mightSleep(String call) {
    if (!preemptible()) {
      SimTask task = current;
      reporter.warn(DiagnosticCode.SLEEP_IN_ATOMIC, this, task, String.format(
          "sleeping function called from invalid context: %s() in %s context, preempt_count %d,"
              + " irqs %s", call, context().name().toLowerCase(java.util.Locale.ROOT),
          task.preemptCount, irqsDisabled ? "off" : "on"));
    }
  }

  /**
   * {@code irq_enter()}: a hardirq arrives; only possible with interrupts enabled, and at most
   * {@link #MAX_HARDIRQ_NESTING} deep.
   */
  public void irqEnter() {
    if (irqsDisabled) {
      throw refuse("irq_enter with interrupts disabled: no hardirq can arrive");
    }
    int hardirqs = 0;
    for (int i = 0; i < depth; i++) {
      hardirqs += contexts[i] == Context.HARDIRQ ? 1 : 0;
    }
    if (hardirqs == MAX_HARDIRQ_NESTING) {
      throw refuse("irq_enter with " + hardirqs + " hardirqs nested: the hardirq count of"
          + " preempt_count has HARDIRQ_BITS (4) bits");
    }
    enter(Context.HARDIRQ);
  }

  /** {@code irq_exit()}. */
  public void irqExit() {
    exit(Context.HARDIRQ, "irq_exit");
  }

  /** Softirqs are served with interrupts on, outside hardirq/NMI, and do not nest. */
  public void softirqEnter() {
    if (irqsDisabled || inHardirq() || context() == Context.SOFTIRQ) {
      throw refuse("softirq entry in " + context() + " context"
          + (irqsDisabled ? " with interrupts disabled" : "") + ": softirqs cannot run here");
    }
    enter(Context.SOFTIRQ);
  }

  /** The end of softirq service. */
  public void softirqExit() {
    exit(Context.SOFTIRQ, "softirq exit");
  }

  /** {@code nmi_enter()}: possible with interrupts off; NMIs do not nest. */
  public void nmiEnter() {
    if (context() == Context.NMI) {
      throw refuse("nmi_enter while already in NMI context: NMIs do not nest");
    }
    enter(Context.NMI);
  }

  /** {@code nmi_exit()}. */
  public void nmiExit() {
    exit(Context.NMI, "nmi_exit");
  }

  /** {@code local_irq_disable()}. */
  public void localIrqDisable() {
    irqsDisabled = true;
  }

  /** {@code local_irq_enable()}, refused in NMI context. */
  public void localIrqEnable() {
    if (context() == Context.NMI) {
      throw refuse("local_irq_enable in NMI context");
    }
    irqsDisabled = false;
  }

  /** {@code preempt_disable()}. */
  public void preemptDisable() {
    current.preemptCount++;
  }

  /**
   * {@code preempt_enable()}, refused without a matching disable in the current context (an
   * interrupt may not enable what the task it interrupted disabled).
   */
  public void preemptEnable() {
    SimTask task = current;
    if (task.preemptCount <= preemptFloor()) {
      throw underflow("preempt_enable", task.preemptCount);
    }
    task.preemptCount--;
  }

  /** The preempt count at entry to the current interrupt context, 0 in task context. */
  public int preemptFloor() {
    return depth == 0 ? 0 : preemptAtEntry[depth - 1];
  }

  /** The pagefault-disable count at entry to the current interrupt context, 0 in task context. */
  public int pagefaultFloor() {
    return depth == 0 ? 0 : pagefaultAtEntry[depth - 1];
  }

  /** The migration-disable count at entry to the current interrupt context, 0 in task context. */
  public int migrateFloor() {
    return depth == 0 ? 0 : migrateAtEntry[depth - 1];
  }

  /** {@code pagefault_disable()}. */
  public void pagefaultDisable() {
    current.pagefaultDisabled++;
  }

  /** {@code pagefault_enable()}, refused without a matching disable in the current context. */
  public void pagefaultEnable() {
    SimTask task = current;
    if (task.pagefaultDisabled <= pagefaultFloor()) {
      throw underflow("pagefault_enable", task.pagefaultDisabled);
    }
    task.pagefaultDisabled--;
  }

  /** {@code migrate_disable()}. */
  public void migrateDisable() {
    current.migrationDisabled++;
  }

  /** {@code migrate_enable()}, refused without a matching disable in the current context. */
  public void migrateEnable() {
    SimTask task = current;
    if (task.migrationDisabled <= migrateFloor()) {
      throw underflow("migrate_enable", task.migrationDisabled);
    }
    task.migrationDisabled--;
  }

  private void enter(Context c) {
    contexts[depth] = c;
    savedIrqsDisabled[depth] = irqsDisabled;
    kmapIdxAtEntry[depth] = current.kmapIdx;
    preemptAtEntry[depth] = current.preemptCount;
    pagefaultAtEntry[depth] = current.pagefaultDisabled;
    migrateAtEntry[depth] = current.migrationDisabled;
    depth++;
    if (c != Context.SOFTIRQ) {
      irqsDisabled = true;
    }
  }

  private void exit(Context c, String call) {
    if (context() != c) {
      throw refuse(call + " in " + context() + " context: it does not match the innermost entry");
    }
    SimTask task = current;
    int entryIdx = kmapIdxAtEntry[depth - 1];
    if (task.kmapIdx != entryIdx) {
      reporter.warn(DiagnosticCode.IRQ_EXIT_WITH_MAPS, this, task, String.format(
          "%s with kmap_ctrl.idx %d, %d at entry: the interrupt left local kmaps on %s's stack",
          call, task.kmapIdx, entryIdx, task.name()));
    }
    depth--;
    irqsDisabled = savedIrqsDisabled[depth];
  }

  private RuntimeException refuse(String message) {
    return reporter.fail(DiagnosticCode.BAD_CONTEXT, this, current, message);
  }

  private RuntimeException underflow(String call, int count) {
    return reporter.fail(DiagnosticCode.COUNT_UNDERFLOW, this, current, depth == 0
        ? call + " without a matching disable"
        : String.format("%s in %s context without a matching disable there: the count is %d, as"
            + " the interrupted task left it", call,
            context().name().toLowerCase(java.util.Locale.ROOT), count));
  }

  /** This CPU's part of a snapshot. */
  SchedulerState.CpuState capture() {
    return new SchedulerState.CpuState(id, current, irqsDisabled,
        Arrays.copyOf(contexts, depth), Arrays.copyOf(savedIrqsDisabled, depth),
        Arrays.copyOf(kmapIdxAtEntry, depth), Arrays.copyOf(preemptAtEntry, depth),
        Arrays.copyOf(pagefaultAtEntry, depth), Arrays.copyOf(migrateAtEntry, depth),
        counters.toArray());
  }

  /** Puts back what {@link #capture()} took. */
  void restore(SchedulerState.CpuState s) {
    current = s.current();
    irqsDisabled = s.irqsDisabled();
    depth = s.contexts().length;
    System.arraycopy(s.contexts(), 0, contexts, 0, depth);
    System.arraycopy(s.savedIrqsDisabled(), 0, savedIrqsDisabled, 0, depth);
    System.arraycopy(s.kmapIdxAtEntry(), 0, kmapIdxAtEntry, 0, depth);
    System.arraycopy(s.preemptAtEntry(), 0, preemptAtEntry, 0, depth);
    System.arraycopy(s.pagefaultAtEntry(), 0, pagefaultAtEntry, 0, depth);
    System.arraycopy(s.migrateAtEntry(), 0, migrateAtEntry, 0, depth);
    counters.set(s.counters());
  }

  @Override
  public String toString() {
    return "CPU" + id;
  }
}
