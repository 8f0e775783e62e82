// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import java.util.Arrays;
import java.util.List;

/**
 * The hardware's part of a machine snapshot, immutable: the kernel page table, each CPU's TLB
 * entries (both halves of a paired entry, {@link io.github.kmapsim.spi.MmuBehaviour}) and VIVT
 * lines, the contents of memory, and what a CPU's MMU behaviours keep between calls: the entries
 * its speculative walker may load again, and its lazy MMU batch not yet issued. Invalidations
 * other CPUs posted (IPIs, broadcasts) are applied before the capture. {@link Hardware#capture()}
 * takes it, {@link Hardware#restore} puts it back.
 */
public final class HardwareState {
  private final KernelPageTable table;
  private final int pageShift;
  /** The page table's entries in chunks ({@link KernelPageTable#copy()}). */
  private final long[][] ptes;
  private final TlbEntries[] tlbs;
  private final CacheLines[] caches;
  private final MemoryPages memory;
  private final int[][] reloadable;
  private final LazyBatch[] batches;

  /** One CPU's TLB: its valid entries in index order, each with its PTE, pfn and write bit. */
  record TlbEntries(int[] entries, long[] ptes, long[] pfns, boolean[] writable) {
    boolean same(TlbEntries o) {
      return Arrays.equals(entries, o.entries) && Arrays.equals(ptes, o.ptes)
          && Arrays.equals(pfns, o.pfns) && Arrays.equals(writable, o.writable);
    }

    int hash() {
      return Arrays.hashCode(entries) * 31 + Arrays.hashCode(pfns);
    }

    /** The position of table index {@code e} among the entries, or -1. */
    int find(int e) {
      int i = Arrays.binarySearch(entries, e);
      return i < 0 ? -1 : i;
    }
  }

  /** One CPU's VIVT lines in virtual page order: the frame each holds, dirty, the contents. */
  record CacheLines(long[] vpns, long[] pfns, boolean[] dirty, long[][] data) {
    boolean same(CacheLines o) {
      return Arrays.equals(vpns, o.vpns) && Arrays.equals(pfns, o.pfns)
          && Arrays.equals(dirty, o.dirty) && Arrays.deepEquals(data, o.data);
    }
  }

  /** A lazy MMU batch: its entries in order (kind, and two operands each). */
  record LazyBatch(int[] kinds, long[] a, long[] b) {
    boolean same(LazyBatch o) {
      return Arrays.equals(kinds, o.kinds) && Arrays.equals(a, o.a) && Arrays.equals(b, o.b);
    }

    String describe() {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < kinds.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(LazyMmuBatch.describe(kinds[i], a[i], b[i]));
      }
      return sb.append(']').toString();
    }
  }

  /** The pages that hold a non-zero word, in pfn order, with their contents. */
  record MemoryPages(long[] pfns, long[][] data) {
    boolean same(MemoryPages o) {
      return Arrays.equals(pfns, o.pfns) && Arrays.deepEquals(data, o.data);
    }
  }

  HardwareState(KernelPageTable table, int pageShift, long[][] ptes, TlbEntries[] tlbs,
      CacheLines[] caches, MemoryPages memory, int[][] reloadable, LazyBatch[] batches) {
    this.table = table;
    this.pageShift = pageShift;
    this.ptes = ptes;
    this.tlbs = tlbs;
    this.caches = caches;
    this.memory = memory;
    this.reloadable = reloadable;
    this.batches = batches;
  }

  int[] reloadable(int cpu) {
    return reloadable[cpu];
  }

  LazyBatch batch(int cpu) {
    return batches[cpu];
  }

  long[][] ptes() {
    return ptes;
  }

  TlbEntries tlb(int cpu) {
    return tlbs[cpu];
  }

  CacheLines cache(int cpu) {
    return caches[cpu];
  }

  MemoryPages memory() {
    return memory;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof HardwareState h) || h.tlbs.length != tlbs.length
        || !KernelPageTable.same(ptes, h.ptes) || !memory.same(h.memory)) {
      return false;
    }
    for (int i = 0; i < tlbs.length; i++) {
      if (!tlbs[i].same(h.tlbs[i])
          || (caches[i] == null ? h.caches[i] != null : !caches[i].same(h.caches[i]))
          || !Arrays.equals(reloadable[i], h.reloadable[i])
          || (batches[i] == null ? h.batches[i] != null : !batches[i].same(h.batches[i]))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Arrays.deepHashCode(ptes);
    for (TlbEntries t : tlbs) {
      h = h * 31 + t.hash();
    }
    return h * 31 + Arrays.hashCode(memory.pfns());
  }

  /** Adds a line for each difference from {@code after}, as {@code "what: before -> after"}. */
  public void diff(HardwareState after, List<String> out) {
    for (int i = 0; i < Math.min(table.size(), after.table.size()); i++) {
      long was = KernelPageTable.entry(ptes, i);
      long now = KernelPageTable.entry(after.ptes, i);
      if (was != now) {
        out.add(String.format("PTE of 0x%08x: 0x%x -> 0x%x", vaddr(i), was, now));
      }
    }
    for (int c = 0; c < Math.min(tlbs.length, after.tlbs.length); c++) {
      diffTlb(c, tlbs[c], after.tlbs[c], out);
      if (caches[c] != null && after.caches[c] != null) {
        diffCache(c, caches[c], after.caches[c], out);
      }
      diffReloadable(c, reloadable[c], after.reloadable[c], out);
      if (batches[c] != null && after.batches[c] != null && !batches[c].same(after.batches[c])) {
        out.add(String.format("CPU%d lazy MMU batch: %s -> %s", c, batches[c].describe(),
            after.batches[c].describe()));
      }
    }
    diffMemory(memory, after.memory, out);
  }

  private long vaddr(int index) {
    return table.vpnOf(index) << pageShift;
  }

  private void diffTlb(int cpu, TlbEntries a, TlbEntries b, List<String> out) {
    for (int i = 0; i < a.entries.length; i++) {
      int j = b.find(a.entries[i]);
      String was = tlbEntry(a, i);
      String now = j < 0 ? "none" : tlbEntry(b, j);
      if (!was.equals(now)) {
        out.add(String.format("CPU%d TLB 0x%08x: %s -> %s", cpu, vaddr(a.entries[i]), was, now));
      }
    }
    for (int j = 0; j < b.entries.length; j++) {
      if (a.find(b.entries[j]) < 0) {
        out.add(String.format("CPU%d TLB 0x%08x: none -> %s", cpu, vaddr(b.entries[j]),
            tlbEntry(b, j)));
      }
    }
  }

  private void diffReloadable(int cpu, int[] a, int[] b, List<String> out) {
    for (int e : a) {
      if (Arrays.binarySearch(b, e) < 0) {
        out.add(String.format("CPU%d speculative reload of 0x%08x: pending -> none", cpu,
            vaddr(e)));
      }
    }
    for (int e : b) {
      if (Arrays.binarySearch(a, e) < 0) {
        out.add(String.format("CPU%d speculative reload of 0x%08x: none -> pending", cpu,
            vaddr(e)));
      }
    }
  }

  private static String tlbEntry(TlbEntries t, int i) {
    return String.format("pfn 0x%x (pte 0x%x%s)", t.pfns[i], t.ptes[i],
        t.writable[i] ? ", writable" : "");
  }

  private void diffCache(int cpu, CacheLines a, CacheLines b, List<String> out) {
    if (a.same(b)) {
      return;
    }
    for (int i = 0; i < a.vpns.length; i++) {
      int j = Arrays.binarySearch(b.vpns, a.vpns[i]);
      String was = line(a, i);
      String now = j < 0 ? "none" : line(b, j);
      if (!was.equals(now) || j >= 0 && !Arrays.equals(a.data[i], b.data[j])) {
        out.add(String.format("CPU%d D-cache line 0x%08x: %s -> %s%s", cpu,
            a.vpns[i] << pageShift, was, now,
            j >= 0 && !Arrays.equals(a.data[i], b.data[j]) ? ", contents differ" : ""));
      }
    }
    for (int j = 0; j < b.vpns.length; j++) {
      if (Arrays.binarySearch(a.vpns, b.vpns[j]) < 0) {
        out.add(String.format("CPU%d D-cache line 0x%08x: none -> %s", cpu,
            b.vpns[j] << pageShift, line(b, j)));
      }
    }
  }

  private static String line(CacheLines c, int i) {
    return String.format("pfn 0x%x%s", c.pfns[i], c.dirty[i] ? " dirty" : "");
  }

  private static void diffMemory(MemoryPages a, MemoryPages b, List<String> out) {
    if (a.same(b)) {
      return;
    }
    int i = 0;
    int j = 0;
    while (i < a.pfns.length || j < b.pfns.length) {
      long pa = i < a.pfns.length ? a.pfns[i] : Long.MAX_VALUE;
      long pb = j < b.pfns.length ? b.pfns[j] : Long.MAX_VALUE;
      long pfn = Math.min(pa, pb);
      long[] was = pa == pfn ? a.data[i++] : null;
      long[] now = pb == pfn ? b.data[j++] : null;
      int words = was != null ? was.length : now.length;
      int differ = 0;
      int first = -1;
      for (int w = 0; w < words; w++) {
        long x = was == null ? 0 : was[w];
        long y = now == null ? 0 : now[w];
        if (x != y) {
          differ++;
          first = first < 0 ? w : first;
        }
      }
      if (differ > 0) {
        out.add(String.format("memory pfn 0x%x: %d word(s) differ, the first at offset 0x%x:"
            + " 0x%x -> 0x%x", pfn, differ, first * 8, was == null ? 0 : was[first],
            now == null ? 0 : now[first]));
      }
    }
  }
}
