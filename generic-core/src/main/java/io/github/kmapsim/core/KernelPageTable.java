package io.github.kmapsim.core;

/**
 * The part of {@code init_mm}'s page table that highmem uses: the PTEs from PKMAP_BASE up to the
 * top of the fixmap, one {@code long} word per page, shared by all CPUs. The lowmem direct map is
 * not held here: it never changes, and {@link Mmu} translates it arithmetically.
 */
final class KernelPageTable {
  private final long baseVpn;
  private final long[] ptes;

  /**
   * @param baseVpn the first virtual page covered
   * @param pages the number of pages covered
   * @param emptyPte the value of an empty PTE
   */
  KernelPageTable(long baseVpn, int pages, long emptyPte) {
    this.baseVpn = baseVpn;
    this.ptes = new long[pages];
    if (emptyPte != 0) {
      java.util.Arrays.fill(ptes, emptyPte);
    }
  }

  /** The index of a virtual page in this table, or -1 when it is not covered. */
  int indexOf(long vpn) {
    long i = vpn - baseVpn;
    return i >= 0 && i < ptes.length ? (int) i : -1;
  }

  long baseVpn() {
    return baseVpn;
  }

  int size() {
    return ptes.length;
  }

  long get(int index) {
    return ptes[index];
  }

  void set(int index, long pte) {
    ptes[index] = pte;
  }
}
