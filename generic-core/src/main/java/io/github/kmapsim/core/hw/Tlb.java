// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import java.util.Arrays;

/**
 * One CPU's TLB for the kernel page-table area. It has no capacity misses: a translation stays
 * until something flushes it, which is what makes a missing flush observable. Each entry caches
 * the PTE it was filled from, whether it allows stores, and the page's storage; validity is a
 * primitive flag, and the valid entries are also kept in a dense list so that checks and full
 * flushes visit only what the TLB holds.
 */
final class Tlb {
  private final long[] pte;
  private final long[][] data;
  private final long[] pfn;
  private final boolean[] valid;
  private final boolean[] writable;
  /** The valid entries, {@code held[0..count)}; {@code slot[e]} is e's place there. */
  private final int[] held;
  private final int[] slot;
  private int count;

  Tlb(int pages) {
    pte = new long[pages];
    data = new long[pages][];
    pfn = new long[pages];
    valid = new boolean[pages];
    writable = new boolean[pages];
    held = new int[pages];
    slot = new int[pages];
  }

  /** The cached storage of entry {@code i}, or null on a miss. */
  long[] data(int i) {
    return valid[i] ? data[i] : null;
  }

  long pte(int i) {
    return pte[i];
  }

  long pfn(int i) {
    return pfn[i];
  }

  /** Whether the cached translation of a valid entry allows kernel stores (the hardware's view). */
  boolean writable(int i) {
    return writable[i];
  }

  /** How many entries are valid. */
  int size() {
    return count;
  }

  /** The {@code n}th valid entry, {@code 0 <= n < size()}, in no particular order. */
  int entry(int n) {
    return held[n];
  }

  void fill(int i, long pteWord, long pageFrame, boolean store, long[] storage) {
    pte[i] = pteWord;
    pfn[i] = pageFrame;
    data[i] = storage;
    writable[i] = store;
    if (!valid[i]) {
      valid[i] = true;
      slot[i] = count;
      held[count++] = i;
    }
  }

  /** Marks a stale entry as already reported, keeping its (wrong) translation. */
  void acknowledge(int i, long currentPte) {
    pte[i] = currentPte;
  }

  void flush(int i) {
    if (valid[i]) {
      valid[i] = false;
      int last = held[--count];
      held[slot[i]] = last;
      slot[last] = slot[i];
    }
  }

  void flushRange(int from, int to) {
    int lo = Math.max(from, 0);
    int hi = Math.min(to, valid.length);
    if (hi - lo <= count) {
      for (int i = lo; i < hi; i++) {
        flush(i);
      }
    } else {
      for (int n = count - 1; n >= 0; n--) {
        int e = held[n];
        if (e >= lo && e < hi) {
          flush(e);
        }
      }
    }
  }

  /** The valid entries in index order, for a snapshot. */
  HardwareState.TlbEntries capture() {
    int[] entries = Arrays.copyOf(held, count);
    Arrays.sort(entries);
    long[] ptes = new long[count];
    long[] pfns = new long[count];
    boolean[] store = new boolean[count];
    for (int n = 0; n < count; n++) {
      int e = entries[n];
      ptes[n] = pte[e];
      pfns[n] = pfn[e];
      store[n] = writable[e];
    }
    return new HardwareState.TlbEntries(entries, ptes, pfns, store);
  }

  /** Puts back the entries of {@link #capture()}, their storage taken from {@code memory}. */
  void restore(HardwareState.TlbEntries state, PhysicalMemory memory) {
    flushAll();
    for (int n = 0; n < state.entries().length; n++) {
      fill(state.entries()[n], state.ptes()[n], state.pfns()[n], state.writable()[n],
          memory.page(state.pfns()[n]));
    }
  }

  void flushAll() {
    for (int n = 0; n < count; n++) {
      valid[held[n]] = false;
    }
    count = 0;
  }
}
