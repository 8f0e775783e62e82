// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.core.diag.CpuSite;
import io.github.kmapsim.core.diag.CpuCounters;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteCodec;
import io.github.kmapsim.spi.PteFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One CPU's address translation: the TLB, then a walk of the kernel page table for the
 * pkmap/fixmap area, or the fixed offset of the lowmem direct map. A stale TLB entry is used as
 * hardware would use it (the access reaches the old page), and the simulator reports it. With
 * {@link MmuBehaviour#PAIRED_TLB_ENTRIES} a refill loads the page's even/odd buddy too, as a MIPS
 * or csky TLB entry holds both; with {@link MmuBehaviour#SPECULATIVE_WALKS} the walker may load a
 * present PTE without an access ({@link #beforeStore}).
 *
 * <p>Other CPUs invalidate entries by posting ({@link #post}, {@link #postAll}: an IPI, or a
 * hardware broadcast), and this CPU's thread applies the posts in {@link #sync()} before it next
 * uses its TLB; with speculative walks a post carries, for each entry, whether its PTE was
 * present when the flush was made, as a local invalidation records it.
 */
final class Mmu {
  private final CpuSite site;
  private final CpuCounters counters;
  private final Hardware hw;
  private final Reporter reporter;
  private final KernelPageTable pt;
  private final PhysicalMemory memory;
  private final PteCodec codec;
  private final Tlb tlb;
  private final int pageShift;
  private final long ptBaseVpn;
  private final int ptPages;
  private final long pageOffset;
  private final long highMemory;
  private final boolean paired;
  /**
   * With speculative walks: the entries this CPU invalidated while their PTE was present, which
   * its walker may load again before the PTE changes ({@link #beforeStore}); null otherwise.
   */
  private final boolean[] reloadable;
  /** With speculative walks: the entries other CPUs invalidated, not yet applied, one bit each. */
  private final AtomicLongArray reloadPosted;
  /** For each posted entry: whether its PTE was present when it was posted. */
  private final AtomicLongArray reloadPresent;

  Mmu(HwCpu cpu, Hardware hw) {
    this.site = cpu.site();
    this.counters = cpu.counters();
    this.hw = hw;
    this.reporter = hw.reporter();
    this.pt = hw.pageTable();
    this.memory = hw.memory();
    this.codec = hw.codec();
    this.paired = hw.has(MmuBehaviour.PAIRED_TLB_ENTRIES);
    this.tlb = new Tlb(pt.size(), paired);
    this.reloadable = hw.has(MmuBehaviour.SPECULATIVE_WALKS) ? new boolean[pt.size()] : null;
    int words = (pt.size() + 63) >>> 6;
    this.reloadPosted = reloadable == null ? null : new AtomicLongArray(words);
    this.reloadPresent = reloadable == null ? null : new AtomicLongArray(words);
    this.pageShift = hw.layout().pageShift();
    this.ptBaseVpn = pt.mainVpn();
    this.ptPages = pt.mainPages();
    this.pageOffset = hw.layout().pageOffset();
    this.highMemory = pageOffset + (hw.maxLowPfn() << pageShift);
  }

  Tlb tlb() {
    return tlb;
  }

  /**
   * The storage of the page {@code vaddr} translates to on this CPU; faults when there is none,
   * or on a store through a PTE the hardware does not let the kernel write through
   * ({@link PteCodec#hardwareWritable}: the kernel's own mappings have no fault handler to fix
   * that up, so it is an oops).
   */
  long[] storage(long vaddr, boolean write) {
    long i = (vaddr >>> pageShift) - ptBaseVpn;
    int e;
    if (i >= 0 && i < ptPages) {
      e = (int) i;
    } else if (vaddr >= pageOffset && vaddr < highMemory) {
      return memory.page((vaddr - pageOffset) >>> pageShift);
    } else {
      e = pt.indexOf(vaddr >>> pageShift);
      if (e < 0) {
        throw fault(vaddr, "not a kernel mapping");
      }
    }
    sync();
    long[] data = tlb.data(e);
    if (data == null) {
      if (write && codec.ptePresent(pt.get(e)) && !codec.hardwareWritable(pt.get(e))) {
        throw readOnly(vaddr, pt.get(e));
      }
      return fill(e, vaddr);
    }
    if (write && !tlb.writable(e)) {
      throw readOnly(vaddr, tlb.pte(e));
    }
    if (tlb.pte(e) != pt.get(e)) {
      stale(e, vaddr);
    }
    counters.tlbHits++;
    return data;
  }

  /**
   * Throws the fault {@link #storage} would throw for this access, changing nothing: an access
   * that spans two pages checks the second before it touches the first.
   */
  void probe(long vaddr, boolean write) {
    long i = (vaddr >>> pageShift) - ptBaseVpn;
    int e;
    if (i >= 0 && i < ptPages) {
      e = (int) i;
    } else if (vaddr >= pageOffset && vaddr < highMemory) {
      return;
    } else {
      e = pt.indexOf(vaddr >>> pageShift);
      if (e < 0) {
        throw fault(vaddr, "not a kernel mapping");
      }
    }
    sync();
    if (tlb.data(e) != null) {
      if (write && !tlb.writable(e)) {
        throw readOnly(vaddr, tlb.pte(e));
      }
      return;
    }
    long pte = pt.get(e);
    if (!codec.ptePresent(pte)) {
      throw fault(vaddr, "not-present page");
    }
    if (write && !codec.hardwareWritable(pte)) {
      throw readOnly(vaddr, pte);
    }
  }

  /** A store through a read-only PTE; like the hardware, nothing is left in the TLB or counted. */
  private RuntimeException readOnly(long vaddr, long pte) {
    return fault(vaddr, "write to a read-only PTE " + PteFormat.hex(codec, pte));
  }

  /** The physical address of {@code vaddr} as the TLB or a walk gives it, or -1; never faults. */
  long translate(long vaddr) {
    long offset = vaddr & ((1L << pageShift) - 1);
    int e = pt.indexOf(vaddr >>> pageShift);
    if (e >= 0) {
      sync();
      if (tlb.data(e) != null) {
        return (tlb.pfn(e) << pageShift) | offset;
      }
      long pte = pt.get(e);
      return codec.ptePresent(pte) ? (codec.ptePfn(pte) << pageShift) | offset : -1;
    }
    if (vaddr >= pageOffset && vaddr < highMemory) {
      return vaddr - pageOffset;
    }
    return -1;
  }

  boolean tlbHolds(long vaddr) {
    sync();
    int e = pt.indexOf(vaddr >>> pageShift);
    return e >= 0 && tlb.data(e) != null;
  }

  private long[] fill(int e, long vaddr) {
    long pte = pt.get(e);
    if (!codec.ptePresent(pte)) {
      throw fault(vaddr, "not-present page");
    }
    long[] data = load(e, pte);
    counters.tlbMisses++;
    return data;
  }

  /**
   * Loads entry {@code e} from a present PTE; with paired entries the refill writes the buddy
   * half too, from its PTE as it is now (an invalid half when that one is not present).
   */
  private long[] load(int e, long pte) {
    long pfn = codec.ptePfn(pte);
    long[] data = memory.page(pfn);
    tlb.fill(e, pte, pfn, codec.hardwareWritable(pte), data);
    if (paired) {
      int buddy = e ^ 1;
      long other = pt.get(buddy);
      if (codec.ptePresent(other)) {
        long otherPfn = codec.ptePfn(other);
        tlb.fill(buddy, other, otherPfn, codec.hardwareWritable(other), memory.page(otherPfn));
      } else {
        tlb.drop(buddy);
      }
    }
    return data;
  }

  /** Invalidates entry {@code e} (and its pair, with paired entries). */
  void invalidate(int e) {
    if (reloadable != null) {
      markReloadable(e);
      if (paired) {
        markReloadable(e ^ 1);
      }
    }
    tlb.flush(e);
  }

  /** Invalidates entries {@code [from, to)}. */
  void invalidateRange(int from, int to) {
    if (reloadable != null) {
      for (int e = Math.max(from, 0); e < Math.min(to, reloadable.length); e++) {
        markReloadable(e);
      }
    }
    tlb.flushRange(from, to);
  }

  private void markReloadable(int e) {
    reloadable[e] = codec.ptePresent(pt.get(e));
  }

  /**
   * Another CPU invalidates entries {@code [from, to)} of this TLB (whole pairs with paired
   * entries): {@code flush_tlb_kernel_range}'s IPI, or a broadcast page invalidation. Posted, lock
   * free; applied by this CPU's thread in {@link #sync()}.
   */
  void post(int from, int to) {
    if (reloadable != null) {
      int lo = Math.max(paired ? from & ~1 : from, 0);
      int hi = Math.min(paired ? (to + 1) & ~1 : to, reloadable.length);
      for (int e = lo; e < hi; e++) {
        long bit = 1L << (e & 63);
        if (codec.ptePresent(pt.get(e))) {
          reloadPresent.getAndAccumulate(e >>> 6, bit, (x, y) -> x | y);
        } else {
          reloadPresent.getAndAccumulate(e >>> 6, ~bit, (x, y) -> x & y);
        }
        reloadPosted.getAndAccumulate(e >>> 6, bit, (x, y) -> x | y);
      }
    }
    tlb.requestRange(from, to);
  }

  /** Another CPU invalidates this whole TLB ({@code flush_tlb_all}'s IPI). */
  void postAll() {
    tlb.requestAll();
  }

  /** Applies what other CPUs posted; this CPU's thread calls it before it uses its TLB. */
  void sync() {
    if (tlb.pending()) {
      tlb.sync();
      if (reloadable != null) {
        for (int w = 0; w < reloadPosted.length(); w++) {
          if (reloadPosted.get(w) == 0) {
            continue;
          }
          long present = reloadPresent.get(w);
          for (long bits = reloadPosted.getAndSet(w, 0); bits != 0; bits &= bits - 1) {
            int b = Long.numberOfTrailingZeros(bits);
            reloadable[(w << 6) + b] = (present >>> b & 1) != 0;
          }
        }
      }
    }
  }

  /**
   * The entries the speculative walker may load again ({@link MmuBehaviour#SPECULATIVE_WALKS}),
   * in index order, for a snapshot; empty without speculative walks.
   */
  int[] captureReloadable() {
    sync();
    if (reloadable == null) {
      return new int[0];
    }
    int n = 0;
    for (boolean r : reloadable) {
      n += r ? 1 : 0;
    }
    int[] out = new int[n];
    for (int e = 0, i = 0; e < reloadable.length; e++) {
      if (reloadable[e]) {
        out[i++] = e;
      }
    }
    return out;
  }

  /** Puts back the entries of {@link #captureReloadable()}. */
  void restoreReloadable(int[] entries) {
    sync();
    if (reloadable == null) {
      return;
    }
    java.util.Arrays.fill(reloadable, false);
    for (int e : entries) {
      reloadable[e] = true;
    }
  }

  /**
   * The speculative walk ({@link MmuBehaviour#SPECULATIVE_WALKS}) just before this CPU overwrites
   * entry {@code e}: the hardware may load any present PTE at any time; kmapsim loads one this CPU
   * invalidated while it was still present, so a flush made before {@code pte_clear()} (in
   * pre_unmap rather than post_unmap) leaves the old translation behind, as it can on the
   * hardware. No access is made and no miss counted.
   */
  void beforeStore(int e) {
    sync();
    if (reloadable[e]) {
      reloadable[e] = false;
      long pte = pt.get(e);
      if (tlb.data(e) == null && codec.ptePresent(pte)) {
        load(e, pte);
      }
    }
  }

  private void stale(int e, long vaddr) {
    long now = pt.get(e);
    String state = codec.ptePresent(now)
        ? "the page table now maps pfn 0x" + Long.toHexString(codec.ptePfn(now))
        : "the page table entry is now empty";
    String cause = hw.staleCause(site.id(), vaddr);
    reporter.warn(DiagnosticCode.STALE_TLB, site, site.currentTask(), String.format(
        "CPU%d still translates 0x%08x to pfn 0x%x through its TLB, but %s: %s", site.id(),
        vaddr, tlb.pfn(e), state, cause == null ? "a flush is missing" : cause));
    tlb.acknowledge(e, now);
  }

  private RuntimeException fault(long vaddr, String why) {
    return reporter.fail(DiagnosticCode.PAGE_FAULT, site, site.currentTask(),
        String.format("unable to handle page fault for address: 0x%08x (%s)", vaddr, why));
  }

  /**
   * Adds a violation for every TLB entry the page table no longer backs: not present, another
   * pfn, or writable where the PTE no longer lets the hardware store
   * ({@link PteCodec#hardwareWritable}).
   */
  void checkTlb(List<InvariantViolation> violations) {
    sync();
    for (int n = 0; n < tlb.size(); n++) {
      int e = tlb.entry(n);
      long pte = pt.get(e);
      if (!codec.ptePresent(pte) || codec.ptePfn(pte) != tlb.pfn(e)
          || tlb.writable(e) && !codec.hardwareWritable(pte)) {
        long vaddr = pt.vpnOf(e) << pageShift;
        violations.add(new InvariantViolation(InvariantViolation.Code.STALE_TLB, site.id(), vaddr,
            String.format("CPU%d still translates 0x%08x to pfn 0x%x but the page table says %s:"
                + " a flush is missing", site.id(), vaddr, tlb.pfn(e), PteFormat.hex(codec, pte))));
      }
    }
  }
}
