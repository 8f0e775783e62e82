// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Sparse physical memory: a page's storage ({@code long} words, little-endian bytes) materialises
 * on first touch, so a machine with gigabytes of highmem costs only what it touches. RAM pages
 * are found through a dense directory of 1024-page chunks; frames above RAM (device memory
 * reached with kmap_local_pfn) through a map. Concurrent first touches from several CPU threads
 * are safe.
 */
public final class PhysicalMemory {
  private static final int CHUNK_SHIFT = 10;
  private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

  private final int wordsPerPage;
  private final long ramPages;
  private final long[][][] chunks;
  /** A page of zeros, never written: what an untouched page holds. */
  private final long[] zeroPage;
  private final Map<Long, long[]> beyondRam = new HashMap<>();
  /**
   * The last memory snapshot taken or restored (at first: all zeros). Every page not marked
   * {@link #written} since holds what that snapshot says, so the next snapshot shares its copies
   * of those pages and a restore rewrites only the pages written or different.
   */
  private HardwareState.MemoryPages last = new HardwareState.MemoryPages(new long[0], new long[0][]);
  /** Per chunk, one bit per page written since {@link #last}; allocated with the chunk. */
  private final long[][] dirty;
  /** The pages whose bit is set, in the order they were first written. */
  private long[] dirtyPfns = new long[64];
  private int dirtyCount;
  /** A frame above RAM was written since {@link #last}. */
  private boolean beyondDirty;

  /**
   * @param ramPages the number of RAM page frames (max_pfn)
   * @param pageShift PAGE_SHIFT
   */
  PhysicalMemory(long ramPages, int pageShift) {
    this.wordsPerPage = 1 << (pageShift - 3);
    this.ramPages = ramPages;
    this.zeroPage = new long[wordsPerPage];
    this.chunks = new long[(int) ((ramPages + CHUNK_MASK) >>> CHUNK_SHIFT)][][];
    this.dirty = new long[chunks.length][];
  }

  /** The storage of a page, created on first touch. */
  long[] page(long pfn) {
    if (pfn < ramPages) {
      long[][] chunk = chunks[(int) (pfn >>> CHUNK_SHIFT)];
      if (chunk != null) {
        long[] page = chunk[(int) (pfn & CHUNK_MASK)];
        if (page != null) {
          return page;
        }
      }
    }
    return materialise(pfn);
  }

  /** The storage of a page that is about to be written: {@link #page}, marked {@link #written}. */
  long[] pageForWrite(long pfn) {
    long[] page = page(pfn);
    written(pfn);
    return page;
  }

  /**
   * Marks a page as written since the last snapshot taken or restored: every store into a
   * page's storage (a CPU's, through {@link Mmu#storage}, or a VIVT line's write-back) calls it.
   * One load and test once the page is marked.
   */
  void written(long pfn) {
    if (pfn >= ramPages) {
      beyondDirty = true;
      return;
    }
    long[] bits = dirty[(int) (pfn >>> CHUNK_SHIFT)];
    if (bits == null || (bits[(int) (pfn & CHUNK_MASK) >>> 6] & (1L << pfn)) == 0) {
      markDirty(pfn);
    }
  }

  private synchronized void markDirty(long pfn) {
    long[] bits = dirty[(int) (pfn >>> CHUNK_SHIFT)];
    int w = (int) (pfn & CHUNK_MASK) >>> 6;
    if ((bits[w] & (1L << pfn)) == 0) {
      bits[w] |= 1L << pfn;
      if (dirtyCount == dirtyPfns.length) {
        dirtyPfns = Arrays.copyOf(dirtyPfns, 2 * dirtyCount);
      }
      dirtyPfns[dirtyCount++] = pfn;
    }
  }

  /** The storage of a RAM page if it has any, else null; nothing materialises. */
  private long[] existing(long pfn) {
    long[][] chunk = chunks[(int) (pfn >>> CHUNK_SHIFT)];
    return chunk == null ? null : chunk[(int) (pfn & CHUNK_MASK)];
  }

  /** Forgets the marks: memory now equals {@code state}. */
  private void clean(HardwareState.MemoryPages state) {
    for (int i = 0; i < dirtyCount; i++) {
      long pfn = dirtyPfns[i];
      dirty[(int) (pfn >>> CHUNK_SHIFT)][(int) (pfn & CHUNK_MASK) >>> 6] = 0;
    }
    dirtyCount = 0;
    beyondDirty = false;
    last = state;
  }

  private synchronized long[] materialise(long pfn) {
    if (pfn >= ramPages) {
      return beyondRam.computeIfAbsent(pfn, p -> new long[wordsPerPage]);
    }
    int c = (int) (pfn >>> CHUNK_SHIFT);
    long[][] chunk = chunks[c];
    if (chunk == null) {
      chunk = new long[CHUNK_MASK + 1][];
      dirty[c] = new long[(CHUNK_MASK + 1) >>> 6];
      chunks[c] = chunk;
    }
    long[] page = chunk[(int) (pfn & CHUNK_MASK)];
    if (page == null) {
      page = new long[wordsPerPage];
      chunk[(int) (pfn & CHUNK_MASK)] = page;
    }
    return page;
  }

  /** Reads a byte without materialising anything: untouched memory reads as zero. */
  synchronized byte readByte(long pfn, int offset) {
    long[] page;
    if (pfn >= ramPages) {
      page = beyondRam.get(pfn);
    } else {
      long[][] chunk = chunks[(int) (pfn >>> CHUNK_SHIFT)];
      page = chunk == null ? null : chunk[(int) (pfn & CHUNK_MASK)];
    }
    return page == null ? 0 : byteOf(page, offset);
  }

  /** The number of pages materialised so far. */
  public synchronized long touchedPages() {
    long n = beyondRam.size();
    for (long[][] chunk : chunks) {
      if (chunk != null) {
        for (long[] page : chunk) {
          if (page != null) {
            n++;
          }
        }
      }
    }
    return n;
  }

  /**
   * Every page that holds a non-zero word, copied, in pfn order: a snapshot of memory. Only the
   * pages written since the last snapshot taken or restored are looked at (and copied when
   * their contents changed); every other page shares that snapshot's immutable copy.
   */
  synchronized HardwareState.MemoryPages capture() {
    HardwareState.MemoryPages base = last;
    long[] written = Arrays.copyOf(dirtyPfns, dirtyCount);
    Arrays.sort(written);
    long[] basePfns = base.pfns();
    int cap = basePfns.length + written.length + (beyondDirty ? beyondRam.size() : 0);
    long[] pfns = new long[cap];
    long[][] data = new long[cap][];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < basePfns.length && basePfns[i] < ramPages || j < written.length) {
      long pb = i < basePfns.length && basePfns[i] < ramPages ? basePfns[i] : Long.MAX_VALUE;
      long pw = j < written.length ? written[j] : Long.MAX_VALUE;
      long pfn = Math.min(pb, pw);
      long[] was = pb == pfn ? base.data()[i++] : null;
      long[] kept = was;
      if (pw == pfn) {
        j++;
        long[] page = existing(pfn);
        kept = page == null || zero(page) ? null : was != null && Arrays.equals(was, page) ? was
            : page.clone();
      }
      if (kept != null) {
        pfns[n] = pfn;
        data[n++] = kept;
      }
    }
    if (beyondDirty) {
      java.util.TreeMap<Long, long[]> beyond = new java.util.TreeMap<>();
      beyondRam.forEach((pfn, page) -> {
        if (!zero(page)) {
          beyond.put(pfn, page.clone());
        }
      });
      for (Map.Entry<Long, long[]> e : beyond.entrySet()) {
        pfns[n] = e.getKey();
        data[n++] = e.getValue();
      }
    } else {
      for (; i < basePfns.length; i++) {
        pfns[n] = basePfns[i];
        data[n++] = base.data()[i];
      }
    }
    HardwareState.MemoryPages out = n == basePfns.length && sameRefs(base, pfns, data)
        ? base : new HardwareState.MemoryPages(Arrays.copyOf(pfns, n), Arrays.copyOf(data, n));
    clean(out);
    return out;
  }

  private static boolean sameRefs(HardwareState.MemoryPages a, long[] pfns, long[][] data) {
    for (int i = 0; i < a.pfns().length; i++) {
      if (a.pfns()[i] != pfns[i] || a.data()[i] != data[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Puts back the contents of {@link #capture()}, rewriting only the pages that may differ: those
   * written since the last snapshot taken or restored, and those whose copies differ between
   * that snapshot and {@code state}. Storage is kept (so TLB entries that point at it stay
   * valid) and never given back, so every page of a snapshot of this memory has storage.
   */
  synchronized void restore(HardwareState.MemoryPages state) {
    for (int k = 0; k < dirtyCount; k++) {
      long pfn = dirtyPfns[k];
      int at = Arrays.binarySearch(state.pfns(), pfn);
      putBack(existing(pfn), at < 0 ? null : state.data()[at]);
    }
    HardwareState.MemoryPages base = last;
    boolean beyond = beyondDirty;
    int i = 0;
    int j = 0;
    while (i < base.pfns().length || j < state.pfns().length) {
      long pb = i < base.pfns().length ? base.pfns()[i] : Long.MAX_VALUE;
      long ps = j < state.pfns().length ? state.pfns()[j] : Long.MAX_VALUE;
      long pfn = Math.min(pb, ps);
      long[] was = pb == pfn ? base.data()[i++] : null;
      long[] now = ps == pfn ? state.data()[j++] : null;
      if (was != now) {
        if (pfn >= ramPages) {
          beyond = true;
        } else {
          putBack(page(pfn), now);
        }
      }
    }
    if (beyond) {
      beyondRam.forEach((pfn, page) -> {
        int at = Arrays.binarySearch(state.pfns(), pfn);
        putBack(page, at < 0 ? null : state.data()[at]);
      });
    }
    clean(state);
  }

  /** Makes a page hold {@code contents}, or zeros for null, writing it only if it differs. */
  private void putBack(long[] page, long[] contents) {
    if (page == null) {
      return; // a page without storage reads as zeros, and the snapshot has no copy of it
    }
    if (contents == null) {
      if (!zero(page)) {
        Arrays.fill(page, 0);
      }
    } else if (!Arrays.equals(page, contents)) {
      System.arraycopy(contents, 0, page, 0, page.length);
    }
  }

  private boolean zero(long[] page) {
    return Arrays.equals(page, zeroPage);
  }

  /**
   * Copies {@code len} bytes between pages as a forward byte loop would: whole words with {@code
   * System.arraycopy} when both offsets have the same alignment, byte by byte otherwise, and
   * byte by byte (replicating, as the loop does) when the destination overlaps the source
   * upwards in the same page.
   */
  static void copyBytes(long[] from, int fromOff, long[] to, int toOff, int len) {
    if (from == to && toOff > fromOff && toOff < fromOff + len) {
      for (int i = 0; i < len; i++) {
        setByte(to, toOff + i, byteOf(from, fromOff + i));
      }
      return;
    }
    if (((fromOff ^ toOff) & 7) == 0) {
      for (; len > 0 && (fromOff & 7) != 0; len--) {
        setByte(to, toOff++, byteOf(from, fromOff++));
      }
      int words = len >>> 3;
      System.arraycopy(from, fromOff >>> 3, to, toOff >>> 3, words);
      fromOff += words << 3;
      toOff += words << 3;
      len -= words << 3;
    }
    for (; len > 0; len--) {
      setByte(to, toOff++, byteOf(from, fromOff++));
    }
  }

  /** Stores {@code len} copies of a byte from {@code offset} on: whole words with {@code Arrays.fill}. */
  static void fillBytes(long[] page, int offset, byte value, int len) {
    for (; len > 0 && (offset & 7) != 0; len--) {
      setByte(page, offset++, value);
    }
    int words = len >>> 3;
    Arrays.fill(page, offset >>> 3, (offset >>> 3) + words,
        (value & 0xffL) * 0x0101_0101_0101_0101L);
    offset += words << 3;
    len -= words << 3;
    for (; len > 0; len--) {
      setByte(page, offset++, value);
    }
  }

  static byte byteOf(long[] page, int offset) {
    return (byte) (page[offset >>> 3] >>> ((offset & 7) << 3));
  }

  static void setByte(long[] page, int offset, byte value) {
    int shift = (offset & 7) << 3;
    int w = offset >>> 3;
    page[w] = (page[w] & ~(0xffL << shift)) | ((value & 0xffL) << shift);
  }
}
