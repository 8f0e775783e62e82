// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.random;

import java.util.HashMap;
import java.util.Map;

/**
 * The persistent kmap pool as {@code mm/highmem.c} keeps it, for the workload's model: which
 * entry a kmap() takes, when it must sleep, which pages a {@code kmap_high_get()} pins, and which
 * kunmap() wakes the waiters. {@code pkmap_count[nr]} is 0 free, 1 unused but not yet flushed, n
 * > 1 in use n - 1 times; {@code map_new_virtual()} scans from {@code last_pkmap_nr + 1} and, at
 * the wrap, frees every entry at 1 ({@code flush_all_zero_pkmaps()}). With N =
 * DCACHE_N_COLORS > 1 (xtensa's asm/highmem.h) a page of colour c = pfn & (N - 1) scans only the
 * entries c, c + N, ..., the wrap is an entry below N, and the scan gives up after LAST_PKMAP / N
 * tries.
 */
final class PkmapPool {
  private final int[] count;
  private final long[] pfnOf;
  private final Map<Long, Integer> entryOf = new HashMap<>();
  private final int colours;
  private final int[] lastPkmapNr;

  PkmapPool(int lastPkmap, int colours) {
    this.count = new int[lastPkmap];
    this.pfnOf = new long[lastPkmap];
    this.colours = colours;
    this.lastPkmapNr = new int[colours];
  }

  private PkmapPool(PkmapPool p) {
    this.count = p.count.clone();
    this.pfnOf = p.pfnOf.clone();
    this.entryOf.putAll(p.entryOf);
    this.colours = p.colours;
    this.lastPkmapNr = p.lastPkmapNr.clone();
  }

  /** A copy, to try calls on. */
  PkmapPool copy() {
    return new PkmapPool(this);
  }

  /** {@code get_pkmap_color()}. */
  int colour(long pfn) {
    return (int) (pfn & (colours - 1));
  }

  /** {@code kmap_high()}: the page's (new) entry, or -1 when the caller must sleep. */
  int kmap(long pfn) {
    Integer nr = entryOf.get(pfn);
    int entry = nr == null ? mapNewVirtual(pfn) : nr;
    if (entry >= 0) {
      count[entry]++;
    }
    return entry;
  }

  /** Whether the page has an entry (in use, or unused and not yet flushed). */
  boolean mapped(long pfn) {
    return entryOf.containsKey(pfn);
  }

  /** {@code kmap_high_get()}: pins the page's entry; false when it has none. */
  boolean pin(long pfn) {
    Integer nr = entryOf.get(pfn);
    if (nr == null) {
      return false;
    }
    count[nr]++;
    return true;
  }

  /** {@code kunmap_high()}: whether the entry fell to unused (which wakes the colour's waiters). */
  boolean kunmap(long pfn) {
    return --count[entryOf.get(pfn)] == 1;
  }

  /** Entries of a colour not in use (pkmap_count below 2): the kmap()s of new pages that fit. */
  int unused(int colour) {
    int n = 0;
    for (int nr = colour; nr < count.length; nr += colours) {
      n += count[nr] < 2 ? 1 : 0;
    }
    return n;
  }

  /** {@code kmap_flush_unused()}. */
  void flushUnused() {
    flushAllZeroPkmaps();
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
    for (int i = 0; i < count.length; i++) {
      if (count[i] == 1) {
        count[i] = 0;
        entryOf.remove(pfnOf[i]);
      }
    }
  }
}
