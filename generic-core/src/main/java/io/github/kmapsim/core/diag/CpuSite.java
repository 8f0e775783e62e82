// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.diag;

import io.github.kmapsim.api.Context;

/**
 * The CPU a diagnostic is reported on, as {@link Reporter} needs to see it: its number, its
 * context, the task it runs and its counters. Implemented by the scheduler's per-CPU state, so
 * that every layer can report without knowing it.
 */
public interface CpuSite {

  /** {@code smp_processor_id()}. */
  int id();

  /** The innermost context the CPU is in. */
  Context context();

  /** The task running on the CPU ({@code current}). */
  TaskSite currentTask();

  /** The CPU's counters. */
  CpuCounters counters();
}
