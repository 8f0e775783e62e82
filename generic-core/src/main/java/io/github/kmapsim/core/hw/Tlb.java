// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

/**
 * One CPU's TLB for the kernel page-table area. It has no capacity misses: a translation stays
 * until something flushes it, which is what makes a missing flush observable. Each entry caches
 * the PTE it was filled from, whether it allows stores, and the page's storage; validity is a
 * primitive flag, and the valid entries are also kept in a dense list so that checks and full
 * flushes visit only what the TLB holds.
 *
 * <p>With {@link io.github.kmapsim.spi.MmuBehaviour#PAIRED_TLB_ENTRIES} one hardware entry maps
 * the even/odd pair of pages {@code 2n, 2n + 1} (page-table indices: tables are whole and
 * aligned, so a page's buddy is its index {@code ^ 1}): invalidating either page drops both. The
 * refill of both halves is {@link Mmu}'s.
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
  private final boolean paired;

  Tlb(int pages, boolean paired) {
    this.paired = paired;
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

  /** Invalidates the entry of page {@code i}: with paired entries, both pages of its pair. */
  void flush(int i) {
    drop(i);
    if (paired && (i ^ 1) < valid.length) {
      drop(i ^ 1);
    }
  }

  /** Invalidates page {@code i} alone (one half of a pair, when a refill rewrites it). */
  void drop(int i) {
    if (valid[i]) {
      valid[i] = false;
      int last = held[--count];
      held[slot[i]] = last;
      slot[last] = slot[i];
    }
  }

  /** Invalidates pages {@code [from, to)}: with paired entries, the whole pairs they touch. */
  void flushRange(int from, int to) {
    int lo = Math.max(paired ? from & ~1 : from, 0);
    int hi = Math.min(paired ? (to + 1) & ~1 : to, valid.length);
    if (hi - lo <= count) {
      for (int i = lo; i < hi; i++) {
        drop(i);
      }
    } else {
      for (int n = count - 1; n >= 0; n--) {
        int e = held[n];
        if (e >= lo && e < hi) {
          drop(e);
        }
      }
    }
  }

  void flushAll() {
    for (int n = 0; n < count; n++) {
      valid[held[n]] = false;
    }
    count = 0;
  }
}
