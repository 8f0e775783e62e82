// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import io.github.kmapsim.api.TlbFlush;
import io.github.kmapsim.core.diag.CpuCounters;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.spi.HardwareServices;

/**
 * The {@link HardwareServices} of one CPU: every effect a hook asks for is carried out on the
 * simulated hardware, counted, and reported to listeners. Where the CPU batches MMU updates
 * ({@link LazyMmuBatch}), a local TLB flush waits behind the batched PTE stores, and
 * {@code arch_flush_lazy_mmu_mode()} or a flush that reaches other CPUs issues the batch first.
 */
final class CpuServices implements HardwareServices, LazyMmuBatch.Target {
  private final HwCpu cpu;
  private final Hardware hw;
  private final CpuCounters counters;
  private final KernelPageTable pt;
  private final int pageShift;
  private final Events events;
  private final LazyMmuBatch batch;

  CpuServices(HwCpu cpu, Hardware hw, LazyMmuBatch batch) {
    this.events = hw.events();
    this.cpu = cpu;
    this.hw = hw;
    this.counters = cpu.counters();
    this.pt = hw.pageTable();
    this.pageShift = hw.layout().pageShift();
    this.batch = batch;
  }

  @Override
  public int smpProcessorId() {
    return cpu.id();
  }

  @Override
  public int kmMaxIdx() {
    return hw.kmMaxIdx();
  }

  @Override
  public void localFlushTlbKernelPage(long vaddr) {
    if (batch != null && batch.pending()) {
      batch.flushPage(vaddr);
    } else {
      flushPage(vaddr);
    }
  }

  /** Counted with the local page flushes: it reaches this CPU only, no IPI. */
  @Override
  public void localFlushTlbKernelRange(long start, long end) {
    if (batch != null && batch.pending()) {
      batch.flushRange(start, end);
    } else {
      flushRange(start, end);
    }
  }

  /**
   * Every CPU's TLB drops the page (the whole pair with paired entries), without IPIs; counted
   * with the flushes this CPU makes with its own instructions ({@code tlbLocalFlushes}), as it
   * sends no IPI. This CPU's TLB drops it now; every other CPU's is posted ({@link Mmu#post}) as
   * {@link #flushTlbKernelRange}'s IPIs are, and that CPU applies it before it next translates,
   * whatever its thread is doing: the broadcast completes ({@code tlbsync}) before the call
   * returns, and no other thread ever writes this CPU's TLB.
   */
  @Override
  public void flushTlbKernelPageBroadcast(long vaddr) {
    issueBatch();
    int e = pt.indexOf(vaddr >>> pageShift);
    if (e >= 0) {
      for (int c = 0; c < hw.nrCpus(); c++) {
        if (c == cpu.id()) {
          cpu.mmu().invalidate(e);
        } else {
          hw.cpu(c).mmu().post(e, e + 1);
        }
      }
    }
    pageFlushed(TlbFlush.BROADCAST_PAGE, vaddr);
  }

  /**
   * {@code flush_tlb_kernel_range()}: this CPU's lazy MMU batch first, then its TLB now, every
   * other CPU's by IPI ({@link Mmu#post}), which that CPU handles before it next translates,
   * whatever its thread is doing.
   */
  @Override
  public void flushTlbKernelRange(long start, long end) {
    issueBatch();
    int from = pt.indexOf(start >>> pageShift);
    if (from >= 0) {
      int to = end(from, start, end);
      for (int c = 0; c < hw.nrCpus(); c++) {
        if (c == cpu.id()) {
          cpu.mmu().invalidateRange(from, to);
        } else {
          hw.cpu(c).mmu().post(from, to);
        }
      }
    }
    counters.tlbRangeFlushes++;
    sendIpis(TlbFlush.KERNEL_RANGE, start, end);
  }

  /** {@code flush_tlb_all()}: this CPU's lazy MMU batch first, its TLB now, every other by IPI. */
  @Override
  public void flushTlbAll() {
    issueBatch();
    for (int c = 0; c < hw.nrCpus(); c++) {
      if (c == cpu.id()) {
        cpu.mmu().tlb().flushAll();
      } else {
        hw.cpu(c).mmu().postAll();
      }
    }
    counters.tlbFullFlushes++;
    sendIpis(TlbFlush.ALL, 0, 0);
  }

  @Override
  public void flushDcacheArea(long vaddr, long size) {
    if (cpu.cache() != null) {
      cpu.cache().flushArea(vaddr, size);
    }
    counters.cacheFlushes++;
    if (events.active()) {
      events.cacheFlushed(cpu.id(), vaddr, size);
    }
  }

  @Override
  public void flushCacheAll() {
    if (cpu.cache() != null) {
      cpu.cache().flushAll();
    }
    counters.cacheFlushes++;
    if (events.active()) {
      events.cacheFlushed(cpu.id(), 0, 0);
    }
  }

  /** Issues this CPU's lazy MMU batch, where it keeps one. */
  @Override
  public void flushLazyMmuMode() {
    issueBatch();
    counters.lazyMmuFlushes++;
  }

  @Override
  public long kmapHighGet(long pfn) {
    return hw.highGet().kmapHighGet(cpu.id(), pfn);
  }

  /** A batched PTE store reaching the page table. */
  @Override
  public void store(int index, long pte) {
    cpu.pteTableImpl().store(index, pte);
  }

  /** {@code local_flush_tlb_kernel_page()} as it reaches this CPU's TLB. */
  @Override
  public void flushPage(long vaddr) {
    int e = pt.indexOf(vaddr >>> pageShift);
    if (e >= 0) {
      cpu.mmu().invalidate(e);
    }
    pageFlushed(TlbFlush.LOCAL_PAGE, vaddr);
  }

  /** A page flush this CPU made with its own instructions, no IPI: counted, then heard. */
  private void pageFlushed(TlbFlush kind, long vaddr) {
    counters.tlbLocalFlushes++;
    if (events.active()) {
      long page = vaddr >>> pageShift << pageShift;
      events.tlbFlushed(cpu.id(), kind, page, page + (1L << pageShift), 0);
    }
  }

  /** {@code local_flush_tlb_kernel_range()} as it reaches this CPU's TLB. */
  @Override
  public void flushRange(long start, long end) {
    int from = pt.indexOf(start >>> pageShift);
    if (from >= 0) {
      cpu.mmu().invalidateRange(from, end(from, start, end));
    }
    counters.tlbLocalFlushes++;
    if (events.active()) {
      events.tlbFlushed(cpu.id(), TlbFlush.LOCAL_RANGE, start, end, 0);
    }
  }

  private void issueBatch() {
    if (batch != null) {
      batch.issue();
    }
  }

  /**
   * The page-table index past the kernel range {@code [start, end)} whose first page is at index
   * {@code from}. A flushed range lies in one region of the table (pkmap, a kmap slot, or an
   * ioremap).
   */
  private int end(int from, long start, long end) {
    long pages = ((end + (1L << pageShift) - 1) >>> pageShift) - (start >>> pageShift);
    return (int) Math.min(from + pages, pt.size());
  }

  /** One flush on every CPU: counted once, with an IPI to each other CPU. */
  private void sendIpis(TlbFlush kind, long start, long end) {
    int ipis = hw.nrCpus() - 1;
    counters.ipis += ipis;
    if (events.active()) {
      events.tlbFlushed(cpu.id(), kind, start, end, ipis);
      for (int other = 0; other < hw.nrCpus(); other++) {
        if (other != cpu.id()) {
          events.ipiSent(cpu.id(), other);
        }
      }
    }
  }
}
