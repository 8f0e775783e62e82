// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import io.github.kmapsim.api.TlbFlush;
import io.github.kmapsim.core.diag.CpuCounters;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.spi.HardwareServices;

/**
 * The {@link HardwareServices} of one CPU: every effect a hook asks for is carried out on the
 * simulated hardware, counted, and reported to listeners.
 */
final class CpuServices implements HardwareServices {
  private final HwCpu cpu;
  private final Hardware hw;
  private final CpuCounters counters;
  private final KernelPageTable pt;
  private final int pageShift;
  private final Events events;

  CpuServices(HwCpu cpu, Hardware hw) {
    this.events = hw.events();
    this.cpu = cpu;
    this.hw = hw;
    this.counters = cpu.counters();
    this.pt = hw.pageTable();
    this.pageShift = hw.layout().pageShift();
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
    int e = pt.indexOf(vaddr >>> pageShift);
    if (e >= 0) {
      cpu.mmu().tlb().flush(e);
    }
    counters.tlbLocalFlushes++;
    if (events.active()) {
      long page = vaddr >>> pageShift << pageShift;
      events.tlbFlushed(cpu.id(), TlbFlush.LOCAL_PAGE, page, page + (1L << pageShift), 0);
    }
  }

  /** Counted with the local page flushes: it reaches this CPU only, no IPI. */
  @Override
  public void localFlushTlbKernelRange(long start, long end) {
    flushRange(cpu, start, end);
    counters.tlbLocalFlushes++;
    if (events.active()) {
      events.tlbFlushed(cpu.id(), TlbFlush.LOCAL_RANGE, start, end, 0);
    }
  }

  /**
   * {@code flush_tlb_kernel_range()}: this CPU's TLB now, every other CPU's by IPI ({@link
   * Tlb#requestRange}), which that CPU handles before it next translates, whatever its thread is
   * doing.
   */
  @Override
  public void flushTlbKernelRange(long start, long end) {
    long first = start >>> pageShift;
    long pages = ((end + (1L << pageShift) - 1) >>> pageShift) - first;
    int from = pt.indexOf(first);
    if (from >= 0) {
      // A flushed range lies in one region of the table (pkmap, a kmap slot, or an ioremap).
      int to = (int) Math.min(from + pages, pt.size());
      for (int c = 0; c < hw.nrCpus(); c++) {
        Tlb tlb = hw.cpu(c).mmu().tlb();
        if (c == cpu.id()) {
          tlb.flushRange(from, to);
        } else {
          tlb.requestRange(from, to);
        }
      }
    }
    counters.tlbRangeFlushes++;
    sendIpis(TlbFlush.KERNEL_RANGE, start, end);
  }

  /** {@code flush_tlb_all()}: this CPU's TLB now, every other CPU's by IPI. */
  @Override
  public void flushTlbAll() {
    for (int c = 0; c < hw.nrCpus(); c++) {
      Tlb tlb = hw.cpu(c).mmu().tlb();
      if (c == cpu.id()) {
        tlb.flushAll();
      } else {
        tlb.requestAll();
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
  }

  @Override
  public void flushCacheAll() {
    if (cpu.cache() != null) {
      cpu.cache().flushAll();
    }
    counters.cacheFlushes++;
  }

  @Override
  public void flushLazyMmuMode() {
    counters.lazyMmuFlushes++;
  }

  @Override
  public long kmapHighGet(long pfn) {
    return hw.highGet().kmapHighGet(cpu.id(), pfn);
  }

  /** Invalidates {@code [start, end)} in one CPU's TLB. */
  private void flushRange(HwCpu c, long start, long end) {
    long first = start >>> pageShift;
    long pages = ((end + (1L << pageShift) - 1) >>> pageShift) - first;
    int from = pt.indexOf(first);
    if (from >= 0) {
      // A flushed range lies in one region of the table (pkmap, a kmap slot, or an ioremap).
      c.mmu().tlb().flushRange(from, (int) Math.min(from + pages, pt.size()));
    }
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
