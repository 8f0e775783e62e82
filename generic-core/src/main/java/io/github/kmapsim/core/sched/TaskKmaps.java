// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.sched;

import io.github.kmapsim.api.LiveMap;
import java.util.List;

/**
 * What the scheduler and a task's view need of the kmap_local code: {@code
 * __kmap_local_sched_out()} and {@code __kmap_local_sched_in()} at a context switch
 * ({@code prepare_task_switch} / {@code finish_task_switch}), and the live maps of a task's
 * {@code kmap_ctrl}. The wiring installs the implementation with {@link Scheduler#install}, as
 * preempt notifiers are registered, so that the scheduler knows nothing of highmem.
 */
public interface TaskKmaps {

  /**
   * {@code __kmap_local_sched_out()}: clears the outgoing task's live slots on {@code cpu}.
   *
   * @return the number of slots cleared
   */
  int schedOut(SchedCpu cpu, SimTask prev);

  /**
   * {@code __kmap_local_sched_in()}: re-installs the incoming task's live slots on {@code cpu}.
   *
   * @return the number of slots restored
   */
  int schedIn(SchedCpu cpu, SimTask next);

  /** The task's live local kmaps, bottom of the stack first. */
  List<LiveMap> liveMaps(SimTask task);

  /** The task's live local kmaps, one line each, for diagnostics. */
  List<String> describeMaps(SimTask task);
}
