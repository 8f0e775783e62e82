package io.github.kmapsim.core;

import java.util.Arrays;

/**
 * One CPU's TLB for the kernel page-table area. It has no capacity misses: a translation stays
 * until something flushes it, which is what makes a missing flush observable. Each entry caches
 * the PTE it was filled from and the page's storage; validity is a primitive flag, so a flush is
 * one plain store.
 */
final class Tlb {
  private final long[] pte;
  private final long[][] data;
  private final long[] pfn;
  private final boolean[] valid;

  Tlb(int pages) {
    pte = new long[pages];
    data = new long[pages][];
    pfn = new long[pages];
    valid = new boolean[pages];
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

  void fill(int i, long pteWord, long pageFrame, long[] storage) {
    pte[i] = pteWord;
    pfn[i] = pageFrame;
    data[i] = storage;
    valid[i] = true;
  }

  /** Marks a stale entry as already reported, keeping its (wrong) translation. */
  void acknowledge(int i, long currentPte) {
    pte[i] = currentPte;
  }

  void flush(int i) {
    valid[i] = false;
  }

  void flushRange(int from, int to) {
    Arrays.fill(valid, Math.max(from, 0), Math.min(to, valid.length), false);
  }

  void flushAll() {
    Arrays.fill(valid, false);
  }
}
