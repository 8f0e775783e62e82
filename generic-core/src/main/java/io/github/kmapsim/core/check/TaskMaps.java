// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.check;

import java.util.Arrays;

/**
 * The checker's record of one task's local kmaps, one entry per {@code kmap_ctrl} slot,
 * preallocated: for the live ones what each maps, in which context and at which site it was
 * made (the CPU is the task's: migration is disabled while it lives); for each slot, the last
 * mapping undone there and by which site (the use-after-unmap history).
 */
final class TaskMaps {
  /** No context known (a mapping rebuilt after a restore). */
  static final byte ANY_CONTEXT = -1;

  final long[] vaddr;
  final long[] pfn;
  final int[] mapSite;
  final byte[] context;
  final boolean[] atomic;
  final long[] deadVaddr;
  final long[] deadPfn;
  final int[] deadMapSite;
  final int[] deadUnmapSite;

  TaskMaps(int kmMaxIdx) {
    vaddr = new long[kmMaxIdx];
    pfn = new long[kmMaxIdx];
    mapSite = new int[kmMaxIdx];
    context = new byte[kmMaxIdx];
    atomic = new boolean[kmMaxIdx];
    deadVaddr = new long[kmMaxIdx];
    deadPfn = new long[kmMaxIdx];
    deadMapSite = new int[kmMaxIdx];
    deadUnmapSite = new int[kmMaxIdx];
    Arrays.fill(deadVaddr, -1);
  }

  /** A copy, for a snapshot. */
  TaskMaps copy() {
    TaskMaps c = new TaskMaps(vaddr.length);
    System.arraycopy(vaddr, 0, c.vaddr, 0, vaddr.length);
    System.arraycopy(pfn, 0, c.pfn, 0, pfn.length);
    System.arraycopy(mapSite, 0, c.mapSite, 0, mapSite.length);
    System.arraycopy(context, 0, c.context, 0, context.length);
    System.arraycopy(atomic, 0, c.atomic, 0, atomic.length);
    System.arraycopy(deadVaddr, 0, c.deadVaddr, 0, deadVaddr.length);
    System.arraycopy(deadPfn, 0, c.deadPfn, 0, deadPfn.length);
    System.arraycopy(deadMapSite, 0, c.deadMapSite, 0, deadMapSite.length);
    System.arraycopy(deadUnmapSite, 0, c.deadUnmapSite, 0, deadUnmapSite.length);
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskMaps m && Arrays.equals(vaddr, m.vaddr) && Arrays.equals(pfn, m.pfn)
        && Arrays.equals(mapSite, m.mapSite) && Arrays.equals(context, m.context)
        && Arrays.equals(atomic, m.atomic) && Arrays.equals(deadVaddr, m.deadVaddr)
        && Arrays.equals(deadPfn, m.deadPfn) && Arrays.equals(deadMapSite, m.deadMapSite)
        && Arrays.equals(deadUnmapSite, m.deadUnmapSite);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(vaddr) + Arrays.hashCode(deadVaddr);
  }
}
