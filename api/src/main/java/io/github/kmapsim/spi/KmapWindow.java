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
    long a = layout.fixToVirt(layout.fixKmapBegin());
    long b = layout.fixToVirt(layout.fixKmapEnd());
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
