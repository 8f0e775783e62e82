// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.sched;

import io.github.kmapsim.api.LiveMap;
import io.github.kmapsim.api.Page;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.diag.TaskSite;
import java.util.List;
import java.util.Optional;

/**
 * A simulated {@code task_struct}: scheduler state, the disable counts, and {@code struct
 * kmap_ctrl} (the stack index and the {@code pteval} array, include/linux/sched.h). The fields are
 * the kernel's and are written directly by the code that writes them in the kernel (the
 * scheduler, the context code, mm/highmem.c), on the thread that drives the task's CPU or under
 * the scheduler's lock.
 */
public final class SimTask implements Task, TaskSite {
  private final String name;
  private final int pid;
  private final boolean idle;
  private final Scheduler scheduler;

  /** The task's state. */
  public volatile State state;
  /** {@code task_cpu()}. */
  public volatile int cpu;
  /** The PREEMPT bits of {@code preempt_count()}. */
  public int preemptCount;
  /** {@code pagefault_disabled}. */
  public int pagefaultDisabled;
  /** {@code migration_disabled}. */
  public int migrationDisabled;

  /** {@code kmap_ctrl.idx}. */
  public int kmapIdx;

  /** {@code kmap_ctrl.pteval[KM_MAX_IDX]}. */
  public final long[] pteval;

  /**
   * The page whose {@code kmap()} the task sleeps in ({@code map_new_virtual()} on {@code
   * pkmap_map_wait}), retried when the task runs again; null when it is in no kmap().
   */
  public volatile Page kmapWait;

  /**
   * Simulator bookkeeping: the stack positions pushed since the stack was last empty, one bit
   * each, so that an unmap of an address this task never mapped can be told from a wrong-order
   * unmap.
   */
  public long positionsUsed;

  SimTask(Scheduler scheduler, String name, int pid, int cpu, boolean idle, int kmMaxIdx) {
    this.scheduler = scheduler;
    this.name = name;
    this.pid = pid;
    this.cpu = cpu;
    this.idle = idle;
    this.pteval = new long[kmMaxIdx];
    this.state = State.RUNNABLE;
  }

  /** Whether this is a CPU's idle task ({@code swapper/N}). */
  public boolean isIdle() {
    return idle;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int pid() {
    return pid;
  }

  @Override
  public int cpu() {
    return cpu;
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public int preemptCount() {
    return preemptCount;
  }

  @Override
  public int pagefaultDisabled() {
    return pagefaultDisabled;
  }

  @Override
  public int migrationDisabled() {
    return migrationDisabled;
  }

  @Override
  public int kmapIdx() {
    return kmapIdx;
  }

  @Override
  public long pteval(int slot) {
    if (slot < 0 || slot >= pteval.length) {
      throw scheduler.badArgument(String.format(
          "%s: kmap_ctrl.pteval[%d] does not exist: slots are 0..KM_MAX_IDX - 1 (%d)", name, slot,
          pteval.length - 1));
    }
    return pteval[slot];
  }

  @Override
  public List<LiveMap> liveMaps() {
    return scheduler.kmaps().liveMaps(this);
  }

  @Override
  public Optional<Page> kmapWaiting() {
    return Optional.ofNullable(kmapWait);
  }

  @Override
  public List<String> describeMaps() {
    return scheduler.kmaps().describeMaps(this);
  }

  @Override
  public String toString() {
    return name + "/" + pid;
  }
}
