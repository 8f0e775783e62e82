// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.random;

import java.util.Arrays;

/**
 * The model's memory: 8-byte words by physical address, 0 where nothing was stored, kept a page
 * at a time in primitive arrays (an open-addressing table of page frames), so that a workload of
 * millions of steps boxes nothing and a page copy or clear is an array copy or fill.
 */
final class Memory {
  private final int shift;
  private final int words;
  /** {@code pfn + 1} per slot, 0 for an empty one. */
  private long[] keys = new long[256];
  private long[][] pages = new long[256][];
  private int size;
  private long lastPfn = -1;
  private long[] lastPage;

  /** Memory of pages of {@code pageSize} bytes, a power of two. */
  Memory(long pageSize) {
    this.shift = Long.numberOfTrailingZeros(pageSize);
    this.words = (int) (pageSize >>> 3);
  }

  /** The word at {@code address} (8-aligned), 0 when none was stored. */
  long get(long address) {
    long[] p = page(address >>> shift, false);
    return p == null ? 0 : p[index(address)];
  }

  /** Stores a word at {@code address} (8-aligned). */
  void put(long address, long value) {
    long[] p = page(address >>> shift, value != 0);
    if (p != null) {
      p[index(address)] = value;
    }
  }

  /** Copies {@code n} words from {@code src} to {@code dst} (both 8-aligned, no overlap). */
  void copyWords(long dst, long src, int n) {
    for (int done = 0; done < n; ) {
      long d = dst + 8L * done;
      long s = src + 8L * done;
      int chunk = Math.min(n - done, Math.min(words - index(d), words - index(s)));
      long[] from = page(s >>> shift, false);
      long[] to = page(d >>> shift, from != null);
      if (to != null) {
        if (from == null) {
          Arrays.fill(to, index(d), index(d) + chunk, 0);
        } else {
          System.arraycopy(from, index(s), to, index(d), chunk);
        }
      }
      done += chunk;
    }
  }

  /** Sets {@code n} words from {@code dst} (8-aligned) to {@code value}. */
  void fillWords(long dst, int n, long value) {
    for (int done = 0; done < n; ) {
      long d = dst + 8L * done;
      int chunk = Math.min(n - done, words - index(d));
      long[] to = page(d >>> shift, value != 0);
      if (to != null) {
        Arrays.fill(to, index(d), index(d) + chunk, value);
      }
      done += chunk;
    }
  }

  private int index(long address) {
    return (int) (address >>> 3) & (words - 1);
  }

  private long[] page(long pfn, boolean create) {
    if (pfn == lastPfn) {
      return lastPage;
    }
    int i = find(pfn);
    if (keys[i] == 0) {
      if (!create) {
        return null;
      }
      keys[i] = pfn + 1;
      pages[i] = new long[words];
      if (++size * 2 > keys.length) {
        grow();
        i = find(pfn);
      }
    }
    lastPfn = pfn;
    lastPage = pages[i];
    return lastPage;
  }

  private int find(long pfn) {
    int mask = keys.length - 1;
    long h = pfn * 0x9e3779b97f4a7c15L;
    int i = (int) (h >>> 40) & mask;
    while (keys[i] != 0 && keys[i] != pfn + 1) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[][] oldPages = pages;
    keys = new long[oldKeys.length * 2];
    pages = new long[oldKeys.length * 2][];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        int j = find(oldKeys[i] - 1);
        keys[j] = oldKeys[i];
        pages[j] = oldPages[i];
      }
    }
  }
}
