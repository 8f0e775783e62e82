// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.check;

import java.util.Arrays;

/**
 * The checker's record of one task's local kmaps, one entry per {@code kmap_ctrl} slot,
 * preallocated: for the live ones what each maps, in which context and at which site it was
 * made (the CPU is the task's: migration is disabled while it lives); for each slot, the last mapping undone there and by which site (the use-after-unmap
 * history).
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
}
