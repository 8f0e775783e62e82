// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import java.util.Arrays;

/**
 * {@code page_address_htable} of {@code mm/highmem.c} ({@code set_page_address()}): which pkmap
 * entry maps a highmem page. An open-addressing table of primitive pfns and entry numbers with
 * linear probing and backward-shift deletion, sized for LAST_PKMAP entries, so kmap() and
 * kunmap() allocate nothing.
 */
final class PageAddressTable {
  private static final long EMPTY = -1;
  private final long[] pfns;
  private final int[] nrs;
  private final int mask;

  /** A table for up to {@code capacity} pages (LAST_PKMAP), kept at most half full. */
  PageAddressTable(int capacity) {
    int size = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
    pfns = new long[size];
    nrs = new int[size];
    mask = size - 1;
    Arrays.fill(pfns, EMPTY);
  }

  /** The pkmap entry of {@code pfn}, or -1 when the page has no persistent mapping. */
  int get(long pfn) {
    for (int i = home(pfn); ; i = (i + 1) & mask) {
      if (pfns[i] == pfn) {
        return nrs[i];
      }
      if (pfns[i] == EMPTY) {
        return -1;
      }
    }
  }

  /** {@code set_page_address(page, PKMAP_ADDR(nr))}; the page must not be present. */
  void put(long pfn, int nr) {
    int i = home(pfn);
    while (pfns[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    pfns[i] = pfn;
    nrs[i] = nr;
  }

  /** {@code set_page_address(page, NULL)}; nothing happens when the page is absent. */
  void remove(long pfn) {
    int i = home(pfn);
    while (pfns[i] != pfn) {
      if (pfns[i] == EMPTY) {
        return;
      }
      i = (i + 1) & mask;
    }
    // Shift later members of the probe run back so that no lookup stops early at the hole.
    for (int j = (i + 1) & mask; pfns[j] != EMPTY; j = (j + 1) & mask) {
      int h = home(pfns[j]);
      if (((j - h) & mask) >= ((j - i) & mask)) {
        pfns[i] = pfns[j];
        nrs[i] = nrs[j];
        i = j;
      }
    }
    pfns[i] = EMPTY;
  }

  /** Forgets every page. */
  void clear() {
    Arrays.fill(pfns, EMPTY);
  }

  private int home(long pfn) {
    return (int) ((pfn * 0x9E3779B97F4A7C15L) >>> 40) & mask;
  }
}
