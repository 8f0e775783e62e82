package io.github.kmapsim.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The persistent kmap pool of {@code mm/highmem.c}: LAST_PKMAP entries at PKMAP_BASE, their
 * {@code pkmap_count} (0 free, 1 unmapped but not yet flushed, n > 1 in use n - 1 times) and the
 * {@code page_address()} table of highmem pages. Shared by all CPUs and guarded by its lock,
 * as {@code kmap_lock} guards it in the kernel.
 */
final class Pkmap {
  private final long pkmapBase;
  private final int pageShift;
  private final int[] count;
  private final Map<Long, Integer> slotOfPfn = new HashMap<>();

  Pkmap(long pkmapBase, int lastPkmap, int pageShift) {
    this.pkmapBase = pkmapBase;
    this.pageShift = pageShift;
    this.count = new int[lastPkmap];
  }

  /** {@code PKMAP_ADDR(nr)}. */
  long address(int nr) {
    return pkmapBase + ((long) nr << pageShift);
  }

  /**
   * {@code kmap_high_get(page)}: pins an existing persistent mapping of the page and returns its
   * address, or 0 when the page has none.
   */
  synchronized long highGet(long pfn) {
    Integer nr = slotOfPfn.get(pfn);
    if (nr == null) {
      return 0;
    }
    count[nr]++;
    return address(nr);
  }
}
