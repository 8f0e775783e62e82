// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import java.util.Arrays;

/**
 * The part of {@code init_mm}'s page table that highmem uses, one {@code long} word per page,
 * shared by all CPUs: a main region from the ioremap window below VMALLOC_END to the top of the
 * fixmap, and, where PKMAP_BASE lies elsewhere (ARM puts it just below PAGE_OFFSET), a second
 * region for pkmap. Both are whole PTE tables, so an entry's even/odd neighbour is its index
 * {@code ^ 1}. The lowmem direct map is not held here: it never changes, and {@link Mmu}
 * translates it arithmetically.
 */
public final class KernelPageTable {
  private final long mainVpn;
  private final int mainPages;
  private final long extraVpn;
  private final int extraPages;
  /** Entries per snapshot chunk, as a shift: 512 entries, one 4 KiB PTE table's worth. */
  private static final int CHUNK_SHIFT = 9;
  private final long[] ptes;
  /** The chunks written since the last snapshot taken or restored. */
  private final boolean[] dirty;
  /** The chunks of that snapshot; null before the first. */
  private long[][] last;

  /**
   * @param mainVpn the first virtual page of the main region
   * @param mainPages its pages
   * @param extraVpn the first virtual page of the second region
   * @param extraPages its pages, 0 for none
   * @param emptyPte the value of an empty PTE
   */
  public KernelPageTable(long mainVpn, int mainPages, long extraVpn, int extraPages, long emptyPte) {
    this.mainVpn = mainVpn;
    this.mainPages = mainPages;
    this.extraVpn = extraVpn;
    this.extraPages = extraPages;
    this.ptes = new long[mainPages + extraPages];
    this.dirty = new boolean[(ptes.length + (1 << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT];
    if (emptyPte != 0) {
      Arrays.fill(ptes, emptyPte);
    }
  }

  /** The index of a virtual page in this table, or -1 when it is not covered. */
  public int indexOf(long vpn) {
    long i = vpn - mainVpn;
    if (i >= 0 && i < mainPages) {
      return (int) i;
    }
    long j = vpn - extraVpn;
    return j >= 0 && j < extraPages ? mainPages + (int) j : -1;
  }

  /** The virtual page an index maps. */
  public long vpnOf(int index) {
    return index < mainPages ? mainVpn + index : extraVpn + index - mainPages;
  }

  /** The first virtual page of the main region, which holds the fixmap. */
  long mainVpn() {
    return mainVpn;
  }

  /** The pages of the main region: its indices are 0 up to this. */
  int mainPages() {
    return mainPages;
  }

  /** The number of entries. */
  public int size() {
    return ptes.length;
  }

  /** The entry at an index. */
  public long get(int index) {
    return ptes[index];
  }

  /** Writes the entry at an index (uncounted: CPUs write through {@link CpuPteTable}). */
  public void set(int index, long pte) {
    ptes[index] = pte;
    dirty[index >>> CHUNK_SHIFT] = true;
  }

  /**
   * Every entry, for a snapshot, as chunks of {@code 1 << CHUNK_SHIFT} entries: a chunk not
   * written since the last snapshot taken or restored is that snapshot's (immutable) chunk, so a
   * snapshot copies only what changed.
   */
  long[][] copy() {
    long[][] out = new long[dirty.length][];
    for (int c = 0; c < out.length; c++) {
      out[c] = dirty[c] || last == null ? chunk(c) : last[c];
    }
    Arrays.fill(dirty, false);
    last = out;
    return out;
  }

  private long[] chunk(int c) {
    int from = c << CHUNK_SHIFT;
    return Arrays.copyOfRange(ptes, from, Math.min(ptes.length, from + (1 << CHUNK_SHIFT)));
  }

  /**
   * Puts back the entries of {@link #copy()}: only the chunks written since the last snapshot
   * taken or restored, or that differ from it in {@code entries}.
   */
  void restore(long[][] entries) {
    for (int c = 0; c < entries.length; c++) {
      if (dirty[c] || last == null || entries[c] != last[c]) {
        System.arraycopy(entries[c], 0, ptes, c << CHUNK_SHIFT, entries[c].length);
      }
    }
    Arrays.fill(dirty, false);
    last = entries;
  }

  /** Entry {@code index} of a {@link #copy()}. */
  static long entry(long[][] chunks, int index) {
    return chunks[index >>> CHUNK_SHIFT][index & ((1 << CHUNK_SHIFT) - 1)];
  }

  /** Whether two {@link #copy()}s hold the same entries. */
  static boolean same(long[][] a, long[][] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int c = 0; c < a.length; c++) {
      if (a[c] != b[c] && !Arrays.equals(a[c], b[c])) {
        return false;
      }
    }
    return true;
  }
}
