// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

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
  private final Map<Long, long[]> beyondRam = new HashMap<>();

  /**
   * @param ramPages the number of RAM page frames (max_pfn)
   * @param pageShift PAGE_SHIFT
   */
  PhysicalMemory(long ramPages, int pageShift) {
    this.wordsPerPage = 1 << (pageShift - 3);
    this.ramPages = ramPages;
    this.chunks = new long[(int) ((ramPages + CHUNK_MASK) >>> CHUNK_SHIFT)][][];
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

  private synchronized long[] materialise(long pfn) {
    if (pfn >= ramPages) {
      return beyondRam.computeIfAbsent(pfn, p -> new long[wordsPerPage]);
    }
    int c = (int) (pfn >>> CHUNK_SHIFT);
    long[][] chunk = chunks[c];
    if (chunk == null) {
      chunk = new long[CHUNK_MASK + 1][];
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

  /** Every page that holds a non-zero word, copied, in pfn order: a snapshot of memory. */
  synchronized HardwareState.MemoryPages capture() {
    java.util.TreeMap<Long, long[]> pages = new java.util.TreeMap<>();
    for (int c = 0; c < chunks.length; c++) {
      long[][] chunk = chunks[c];
      if (chunk != null) {
        for (int i = 0; i < chunk.length; i++) {
          if (chunk[i] != null && !zero(chunk[i])) {
            pages.put(((long) c << CHUNK_SHIFT) + i, chunk[i].clone());
          }
        }
      }
    }
    beyondRam.forEach((pfn, page) -> {
      if (!zero(page)) {
        pages.put(pfn, page.clone());
      }
    });
    long[] pfns = pages.keySet().stream().mapToLong(Long::longValue).toArray();
    return new HardwareState.MemoryPages(pfns, pages.values().toArray(new long[0][]));
  }

  /**
   * Puts back the contents of {@link #capture()}: its pages are written, every other page that
   * has storage is zeroed (storage is kept, so TLB entries that point at it stay valid).
   */
  synchronized void restore(HardwareState.MemoryPages state) {
    for (long[][] chunk : chunks) {
      if (chunk != null) {
        for (long[] page : chunk) {
          if (page != null) {
            java.util.Arrays.fill(page, 0);
          }
        }
      }
    }
    beyondRam.values().forEach(page -> java.util.Arrays.fill(page, 0));
    for (int i = 0; i < state.pfns().length; i++) {
      long[] data = state.data()[i];
      System.arraycopy(data, 0, page(state.pfns()[i]), 0, data.length);
    }
  }

  private static boolean zero(long[] page) {
    for (long w : page) {
      if (w != 0) {
        return false;
      }
    }
    return true;
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
    java.util.Arrays.fill(page, offset >>> 3, (offset >>> 3) + words,
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
