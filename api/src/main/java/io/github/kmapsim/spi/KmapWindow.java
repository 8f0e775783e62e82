// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

/**
 * The kmap window of a layout: the fixmap pages of {@code FIX_KMAP_BEGIN..FIX_KMAP_END}, where
 * kmap_local and kmap_atomic map, whichever way the architecture's fixmap grows
 * ({@link MemoryLayout#fixToVirt}). Its bounds are computed here and nowhere else.
 *
 * @param start the address of the lowest slot page
 * @param end the address just past the highest slot page
 */
public record KmapWindow(long start, long end) {

  /** The window of a layout. */
  public static KmapWindow of(MemoryLayout layout) {
    return between(layout, layout.fixKmapBegin(), layout.fixKmapEnd());
  }

  /**
   * The part of the window that one CPU's slots occupy: the pages of
   * {@code FIX_KMAP_BEGIN + cpu * slotsPerCpu} to {@code FIX_KMAP_BEGIN + (cpu + 1) * slotsPerCpu
   * - 1}, as {@code kmap_local_calc_idx()} lays them out.
   *
   * @param slotsPerCpu KM_MAX_IDX, times DCACHE_N_COLORS where the D-cache has colours (xtensa's
   *     {@code kmap_idx()})
   */
  public static KmapWindow ofCpu(MemoryLayout layout, int cpu, int slotsPerCpu) {
    int first = layout.fixKmapBegin() + cpu * slotsPerCpu;
    return between(layout, first, first + slotsPerCpu - 1);
  }

  /** The pages of fixmap indices {@code first..last}, whichever way the fixmap grows. */
  private static KmapWindow between(MemoryLayout layout, int first, int last) {
    long a = layout.fixToVirt(first);
    long b = layout.fixToVirt(last);
    return new KmapWindow(Math.min(a, b), Math.max(a, b) + layout.pageSize());
  }

  /** Whether {@code vaddr} lies in a slot page of the window. */
  public boolean contains(long vaddr) {
    return vaddr >= start && vaddr < end;
  }

  /** The window's size in bytes. */
  public long size() {
    return end - start;
  }
}
