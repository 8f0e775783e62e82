package io.github.kmapsim.core;

import io.github.kmapsim.api.TlbFlush;
import io.github.kmapsim.spi.HardwareServices;

/**
 * The {@link HardwareServices} of one CPU: every effect a hook asks for is carried out on the
 * simulated hardware, counted, and reported to listeners.
 */
final class CpuServices implements HardwareServices {
  private final SimCpu cpu;
  private final SimMachine machine;
  private final KernelPageTable pt;
  private final int pageShift;
  private final Events events;

  CpuServices(SimCpu cpu, SimMachine machine) {
    this.events = machine.events();
    this.cpu = cpu;
    this.machine = machine;
    this.pt = machine.pageTable();
    this.pageShift = machine.layout().pageShift();
  }

  @Override
  public int smpProcessorId() {
    return cpu.id();
  }

  @Override
  public int kmMaxIdx() {
    return machine.kmMaxIdx();
  }

  @Override
  public void localFlushTlbKernelPage(long vaddr) {
    int e = pt.indexOf(vaddr >>> pageShift);
    if (e >= 0) {
      cpu.mmu().tlb().flush(e);
    }
    cpu.counters().tlbLocalFlushes++;
    if (events.active()) {
      long page = vaddr >>> pageShift << pageShift;
      events.tlbFlushed(cpu.id(), TlbFlush.LOCAL_PAGE, page, page + (1L << pageShift));
    }
  }

  /** Counted with the local page flushes: it reaches this CPU only, no IPI. */
  @Override
  public void localFlushTlbKernelRange(long start, long end) {
    flushRange(cpu, start, end);
    cpu.counters().tlbLocalFlushes++;
    if (events.active()) {
      events.tlbFlushed(cpu.id(), TlbFlush.LOCAL_RANGE, start, end);
    }
  }

  @Override
  public void flushTlbKernelRange(long start, long end) {
    for (SimCpu c : machine.simCpus()) {
      flushRange(c, start, end);
    }
    cpu.counters().tlbRangeFlushes++;
    sendIpis(TlbFlush.KERNEL_RANGE, start, end);
  }

  @Override
  public void flushTlbAll() {
    for (SimCpu c : machine.simCpus()) {
      c.mmu().tlb().flushAll();
    }
    cpu.counters().tlbFullFlushes++;
    sendIpis(TlbFlush.ALL, 0, 0);
  }

  @Override
  public void flushDcacheArea(long vaddr, long size) {
    if (cpu.cache() != null) {
      cpu.cache().flushArea(vaddr, size);
    }
    cpu.counters().cacheFlushes++;
  }

  @Override
  public void flushCacheAll() {
    if (cpu.cache() != null) {
      cpu.cache().flushAll();
    }
    cpu.counters().cacheFlushes++;
  }

  @Override
  public void flushLazyMmuMode() {
    cpu.counters().lazyMmuFlushes++;
  }

  @Override
  public long kmapHighGet(long pfn) {
    return machine.pkmap().highGet(pfn, cpu.currentTask());
  }

  /** Invalidates {@code [start, end)} in one CPU's TLB. */
  private void flushRange(SimCpu c, long start, long end) {
    long first = start >>> pageShift;
    long pages = ((end + (1L << pageShift) - 1) >>> pageShift) - first;
    int from = pt.indexOf(first);
    if (from >= 0) {
      // A flushed range lies in one region of the table (pkmap, a kmap slot, or an ioremap).
      c.mmu().tlb().flushRange(from, (int) Math.min(from + pages, pt.size()));
    }
  }

  private void sendIpis(TlbFlush kind, long start, long end) {
    cpu.counters().ipis += machine.nrCpus() - 1;
    if (machine.events().active()) {
      for (int other = 0; other < machine.nrCpus(); other++) {
        if (other != cpu.id()) {
          machine.events().ipiSent(cpu.id(), other);
        }
        machine.events().tlbFlushed(other, kind, start, end);
      }
    }
  }
}
