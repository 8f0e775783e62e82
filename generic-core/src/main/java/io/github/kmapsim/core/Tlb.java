package io.github.kmapsim.core;

import java.util.Arrays;

/**
 * One CPU's TLB for the kernel page-table area. It has no capacity misses: a translation stays
 * until something flushes it, which is what makes a missing flush observable. Each entry caches
 * the PTE it was filled from and the page's storage, so a hit costs two array loads.
 */
final class Tlb {
  private final long[] pte;
  private final long[][] data;
  private final long[] pfn;

  Tlb(int pages) {
    pte = new long[pages];
    data = new long[pages][];
    pfn = new long[pages];
  }

  /** The cached storage of entry {@code i}, or null on a miss. */
  long[] data(int i) {
    return data[i];
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
  }

  /** Marks a stale entry as already reported, keeping its (wrong) translation. */
  void acknowledge(int i, long currentPte) {
    pte[i] = currentPte;
  }

  void flush(int i) {
    data[i] = null;
  }

  void flushRange(int from, int to) {
    Arrays.fill(data, Math.max(from, 0), Math.min(to, data.length), null);
  }

  void flushAll() {
    Arrays.fill(data, null);
  }
}
