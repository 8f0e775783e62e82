// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.tests;

import java.util.HashMap;
import java.util.Map;

/**
 * The shadow of the persistent kmap pool, kept the way {@code mm/highmem.c} keeps it, so that
 * {@link Shadow} knows which pkmap entry every kmap() must return, what {@code page_address()} of
 * every highmem page is and how often {@code flush_all_zero_pkmaps()} freed entries:
 *
 * <ul>
 *   <li>{@code pkmap_count[nr]}: 0 free, 1 unmapped but not yet flushed, n > 1 in use n - 1
 *       times; kmap_high and kmap_high_get add one, kunmap_high takes one;
 *   <li>{@code map_new_virtual()} scans from {@code last_pkmap_nr + 1} for a free entry, and
 *       when the scan wraps to 0 it first runs {@code flush_all_zero_pkmaps()}, which frees every
 *       entry at 1 (and forgets its page_address); only a run that freed one flushes the TLB and
 *       is counted;
 *   <li>with N = DCACHE_N_COLORS > 1 (xtensa, {@code asm/highmem.h}) a page of colour c = pfn &
 *       (N - 1) scans only the entries c, c + N, ...: {@code last_pkmap_nr_arr[c]} steps by N
 *       and the entry is it plus c, the scan has wrapped at an entry below N, and it gives up
 *       after LAST_PKMAP / N tries. With N = 1 this is the generic scan.
 * </ul>
 *
 * <p>When every entry is in use kmap() sleeps until a kunmap(); the model only says so, the
 * shadow drives the wait.
 */
final class PkmapModel {
  private final long base;
  private final long pageSize;
  private final int[] count;
  private final long[] pfnOf;
  private final Map<Long, Integer> entryOf = new HashMap<>();
  private final int colours;
  private final int[] lastPkmapNr;
  private long flushes;

  PkmapModel(long pkmapBase, int lastPkmap, long pageSize, int colours) {
    this.base = pkmapBase;
    this.pageSize = pageSize;
    this.count = new int[lastPkmap];
    this.pfnOf = new long[lastPkmap];
    this.colours = colours;
    this.lastPkmapNr = new int[colours];
  }

  /** A page's colour, {@code get_pkmap_color()}. */
  int colour(long pfn) {
    return (int) (pfn & (colours - 1));
  }

  /** LAST_PKMAP. */
  int lastPkmap() {
    return count.length;
  }

  /**
   * {@code kmap_high()}: the address the page's (possibly new) entry has, or 0 when every entry
   * is in use and the caller sleeps (the scan has moved last_pkmap_nr all the same).
   */
  long kmap(long pfn) {
    Integer nr = entryOf.get(pfn);
    int entry = nr == null ? mapNewVirtual(pfn) : nr;
    if (entry < 0) {
      return 0;
    }
    count[entry]++;
    return address(entry);
  }

  /** {@code kmap_high_get()}: pins the page's entry and returns its address, or 0 if none. */
  long pin(long pfn) {
    Integer nr = entryOf.get(pfn);
    if (nr == null) {
      return 0;
    }
    count[nr]++;
    return address(nr);
  }

  /** {@code kunmap_high()}: one use of the page's entry less. */
  void kunmap(long pfn) {
    count[entryOf.get(pfn)]--;
  }

  /** {@code kmap_flush_unused()}. */
  void flushUnused() {
    flushAllZeroPkmaps();
  }

  /** {@code page_address()} of a highmem page: its pkmap address, or 0. */
  long pageAddress(long pfn) {
    Integer nr = entryOf.get(pfn);
    return nr == null ? 0 : address(nr);
  }

  /** {@code pkmap_count[nr]}. */
  int count(int nr) {
    return count[nr];
  }

  /** How many {@code flush_all_zero_pkmaps()} runs freed an entry (and flushed the TLB). */
  long flushes() {
    return flushes;
  }

  /** Whether an address lies in the pkmap window. */
  boolean contains(long vaddr) {
    return vaddr >= base && vaddr < address(count.length);
  }

  private long address(int nr) {
    return base + nr * pageSize;
  }

  private int mapNewVirtual(long pfn) {
    int c = colour(pfn);
    int budget = count.length / colours;
    int nr;
    for (;;) {
      lastPkmapNr[c] = (lastPkmapNr[c] + colours) & (count.length - 1);
      nr = lastPkmapNr[c] + c;
      if (nr < colours) {
        flushAllZeroPkmaps();
        budget = count.length / colours;
      }
      if (count[nr] == 0) {
        break;
      }
      if (--budget == 0) {
        return -1;
      }
    }
    count[nr] = 1;
    pfnOf[nr] = pfn;
    entryOf.put(pfn, nr);
    return nr;
  }

  private void flushAllZeroPkmaps() {
    boolean freed = false;
    for (int i = 0; i < count.length; i++) {
      if (count[i] == 1) {
        count[i] = 0;
        entryOf.remove(pfnOf[i]);
        freed = true;
      }
    }
    if (freed) {
      flushes++;
    }
  }
}
