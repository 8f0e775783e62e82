// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a simulated {@code task_struct}: its place in the scheduler, its disable
 * counts, and its {@code kmap_ctrl} (the per-task stack of local kmaps).
 */
public interface Task {

  /** Where a task is in its life. */
  enum State {
    /** The current task of a CPU. */
    RUNNING,
    /** Ready to run, not on a CPU. */
    RUNNABLE,
    /** Sleeping on a wait queue. */
    SLEEPING,
    /** Exited. */
    DEAD
  }

  /** The task's name (its {@code comm}); unique within a machine. */
  String name();

  /** The task's pid; CPU n's idle task has pid 0 and name {@code swapper/n}. */
  int pid();

  /** The CPU the task runs on or last ran on ({@code task_cpu()}). */
  int cpu();

  /** The task's state. */
  State state();

  /** The preemption-disable depth of the task ({@code preempt_count()}'s PREEMPT bits). */
  int preemptCount();

  /** The pagefault-disable depth ({@code current->pagefault_disabled}). */
  int pagefaultDisabled();

  /** The migration-disable depth ({@code current->migration_disabled}). */
  int migrationDisabled();

  /** {@code kmap_ctrl.idx}: the stack depth, counting guard slots with DEBUG_KMAP_LOCAL. */
  int kmapIdx();

  /** {@code kmap_ctrl.pteval[slot]}: the PTE recorded for a slot, 0 when the slot is free. */
  long pteval(int slot);

  /**
   * The task's live local kmaps, bottom of the stack first: each slot below {@link #kmapIdx()}
   * that holds a pteval (DEBUG_KMAP_LOCAL's guard slots hold none).
   */
  List<LiveMap> liveMaps();

  /**
   * The page whose {@code kmap()} this task is in: it sleeps on {@code pkmap_map_wait} until a
   * kunmap() frees an entry, or is woken and not yet scheduled; when it runs again the core
   * retries the kmap() ({@link KmapResult.Sleeping}). Empty when the task is in no kmap().
   */
  Optional<Page> kmapWaiting();
}
