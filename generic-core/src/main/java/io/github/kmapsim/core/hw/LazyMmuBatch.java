// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

/**
 * One CPU's lazy MMU batch ({@link io.github.kmapsim.spi.MmuBehaviour#LAZY_MMU_UPDATES}), as a
 * paravirtualised guest in lazy MMU mode keeps it: a write of a kmap slot PTE is queued, and so is
 * a local TLB flush while anything is queued (keeping their order); the batch reaches the
 * hardware when it is issued ({@code arch_flush_lazy_mmu_mode()}, a flush that reaches other CPUs)
 * or when it is full, as Xen issues its multicall batch. Allocation-free: fixed arrays of
 * {@value #CAPACITY} entries.
 */
final class LazyMmuBatch {
  /** Xen's {@code MC_BATCH}: the multicall entries a batch holds before it is issued. */
  static final int CAPACITY = 32;

  private static final int PTE = 0;
  private static final int PAGE = 1;
  private static final int RANGE = 2;

  /** Where an issued entry goes: the CPU's page-table store and local flushes. */
  interface Target {
    void store(int index, long pte);

    void flushPage(long vaddr);

    void flushRange(long start, long end);
  }

  private final int first;
  private final int last;
  private final int[] kind = new int[CAPACITY];
  private final long[] a = new long[CAPACITY];
  private final long[] b = new long[CAPACITY];
  private int count;
  private Target target;

  /** @param first the first and {@code last} the last page-table index of the kmap window */
  LazyMmuBatch(int first, int last) {
    this.first = first;
    this.last = last;
  }

  void attach(Target t) {
    this.target = t;
  }

  /** Whether a PTE store at {@code index} is batched: a kmap slot's. */
  boolean batches(int index) {
    return index >= first && index <= last;
  }

  /** Whether anything waits in the batch. */
  boolean pending() {
    return count > 0;
  }

  /** How many entries wait. */
  int size() {
    return count;
  }

  void pte(int index, long pte) {
    add(PTE, index, pte);
  }

  void flushPage(long vaddr) {
    add(PAGE, vaddr, 0);
  }

  void flushRange(long start, long end) {
    add(RANGE, start, end);
  }

  /** Issues the batch: every entry reaches the hardware, in order. */
  void issue() {
    int n = count;
    count = 0;
    for (int i = 0; i < n; i++) {
      switch (kind[i]) {
        case PTE -> target.store((int) a[i], b[i]);
        case PAGE -> target.flushPage(a[i]);
        default -> target.flushRange(a[i], b[i]);
      }
    }
  }

  /** The entries waiting, in order, for a snapshot. */
  HardwareState.LazyBatch capture() {
    return new HardwareState.LazyBatch(java.util.Arrays.copyOf(kind, count),
        java.util.Arrays.copyOf(a, count), java.util.Arrays.copyOf(b, count));
  }

  /** Puts back the entries of {@link #capture()}, issuing nothing. */
  void restore(HardwareState.LazyBatch state) {
    count = state.kinds().length;
    System.arraycopy(state.kinds(), 0, kind, 0, count);
    System.arraycopy(state.a(), 0, a, 0, count);
    System.arraycopy(state.b(), 0, b, 0, count);
  }

  /** One entry in words: a batched PTE store, or a local flush queued behind one. */
  static String describe(int k, long x, long y) {
    return switch (k) {
      case PTE -> String.format("set PTE #%d = 0x%x", x, y);
      case PAGE -> String.format("flush page 0x%08x", x);
      default -> String.format("flush 0x%08x-0x%08x", x, y);
    };
  }

  private void add(int k, long x, long y) {
    if (count == CAPACITY) {
      issue();
    }
    kind[count] = k;
    a[count] = x;
    b[count] = y;
    count++;
  }
}
