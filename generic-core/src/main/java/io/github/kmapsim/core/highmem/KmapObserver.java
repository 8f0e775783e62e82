// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import io.github.kmapsim.core.sched.SchedCpu;
import io.github.kmapsim.core.sched.SimTask;

/**
 * Told of every local map and unmap {@link KmapLocal} makes, after it made it, so that a checker
 * above can keep the owner and life of each mapping: installed by the machine's wiring, as the
 * scheduler's {@code TaskKmaps} is. Calls come on the mapping CPU; they must not allocate.
 */
public interface KmapObserver {
  /** Observes nothing. */
  KmapObserver NONE = new KmapObserver() {
    @Override
    public void mapped(SchedCpu cpu, SimTask task, int slot, long vaddr, long pfn,
        boolean atomic) {}

    @Override
    public void unmapped(SchedCpu cpu, SimTask task, int slot, long vaddr) {}
  };

  /**
   * A local map: {@code slot} of the task's {@code kmap_ctrl} now maps {@code pfn} at {@code
   * vaddr}; slot -1 for a map without a slot (a lowmem page's {@code page_address()}, or a
   * highmem page the architecture's kmap_high_get found mapped).
   */
  void mapped(SchedCpu cpu, SimTask task, int slot, long vaddr, long pfn, boolean atomic);

  /**
   * A local unmap: {@code slot} (the top one, whatever {@code vaddr} was given) was cleared and
   * popped; slot -1 for an address outside the kmap window, which the kernel returns early for.
   */
  void unmapped(SchedCpu cpu, SimTask task, int slot, long vaddr);
}
