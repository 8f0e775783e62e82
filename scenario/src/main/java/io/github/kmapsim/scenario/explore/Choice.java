// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.explore;

/**
 * One scheduling decision of the explorer: what runs next.
 *
 * @param kind the decision
 * @param program the index of the task's program (or of the interrupt handler)
 * @param cpu the CPU it concerns: where a task is scheduled or migrated to, where an irq fires
 * @param cost 1 when it counts against the bound (a preemption, an interrupt, a migration), else 0
 */
record Choice(Kind kind, int program, int cpu, int cost) {

  /** The kinds of decision. */
  enum Kind {
    /** The next statement of a task that is current on its CPU. */
    STEP,
    /** {@code schedule()} to a runnable task on its CPU. */
    SCHEDULE,
    /** {@code wake_up_process()} of a sleeping task. */
    WAKE,
    /** An interrupt handler's body, between {@code irq_enter} and {@code irq_exit}. */
    IRQ,
    /** {@code set_task_cpu()} of a runnable task to another CPU. */
    MIGRATE
  }
}
