package io.github.kmapsim.core;

/**
 * Sparse physical memory: a page's storage ({@code long} words, little-endian bytes) materialises
 * on first touch, so a machine with gigabytes of highmem costs only what it touches. Storage is
 * kept in chunks of 1024 pages; concurrent first touches from several CPU threads are safe.
 */
final class PhysicalMemory {
  private static final int CHUNK_SHIFT = 10;
  private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

  private final int wordsPerPage;
  private final long[][][] chunks;

  /**
   * @param pfnLimit one past the largest pfn that may be touched
   * @param pageShift PAGE_SHIFT
   */
  PhysicalMemory(long pfnLimit, int pageShift) {
    this.wordsPerPage = 1 << (pageShift - 3);
    this.chunks = new long[(int) ((pfnLimit + CHUNK_MASK) >>> CHUNK_SHIFT)][][];
  }

  /** The storage of a page, created on first touch. */
  long[] page(long pfn) {
    long[][] chunk = chunks[(int) (pfn >>> CHUNK_SHIFT)];
    if (chunk != null) {
      long[] page = chunk[(int) (pfn & CHUNK_MASK)];
      if (page != null) {
        return page;
      }
    }
    return materialise(pfn);
  }

  private synchronized long[] materialise(long pfn) {
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
  byte readByte(long pfn, int offset) {
    long[][] chunk = chunks[(int) (pfn >>> CHUNK_SHIFT)];
    long[] page = chunk == null ? null : chunk[(int) (pfn & CHUNK_MASK)];
    return page == null ? 0 : byteOf(page, offset);
  }

  /** The number of pages materialised so far. */
  synchronized long touchedPages() {
    long n = 0;
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

  static byte byteOf(long[] page, int offset) {
    return (byte) (page[offset >>> 3] >>> ((offset & 7) << 3));
  }

  static void setByte(long[] page, int offset, byte value) {
    int shift = (offset & 7) << 3;
    int w = offset >>> 3;
    page[w] = (page[w] & ~(0xffL << shift)) | ((value & 0xffL) << shift);
  }
}
