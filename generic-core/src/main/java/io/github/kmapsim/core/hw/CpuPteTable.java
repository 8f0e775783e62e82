// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import io.github.kmapsim.core.diag.CpuCounters;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteTable;

/**
 * The kernel page table as one CPU's PTE accessors see it: every write is counted and reported
 * to listeners with the virtual address it maps. The CPU's MMU behaviours apply to its stores:
 * with {@link MmuBehaviour#SPECULATIVE_WALKS} the CPU's walker may load the present entry the
 * store replaces ({@link Mmu#beforeStore}); with {@link MmuBehaviour#LAZY_MMU_UPDATES} a kmap slot's store waits in
 * the CPU's {@link LazyMmuBatch}. Reads see the page table as the hardware has it.
 */
final class CpuPteTable implements PteTable {
  private final HwCpu owner;
  private final int cpu;
  private final CpuCounters counters;
  private final String archName;
  private final KernelPageTable pt;
  private final int pageShift;
  private final Events events;
  private final boolean speculative;
  private final LazyMmuBatch batch;

  CpuPteTable(HwCpu cpu, Hardware hw, LazyMmuBatch batch) {
    this.owner = cpu;
    this.events = hw.events();
    this.cpu = cpu.id();
    this.counters = cpu.counters();
    this.archName = hw.archName();
    this.pt = hw.pageTable();
    this.pageShift = hw.layout().pageShift();
    this.speculative = hw.has(MmuBehaviour.SPECULATIVE_WALKS);
    this.batch = batch;
  }

  @Override
  public long get(long ptep) {
    return pt.get(checked(ptep));
  }

  @Override
  public void set(long ptep, long pte) {
    int i = checked(ptep);
    if (batch != null && batch.batches(i)) {
      batch.pte(i, pte);
    } else {
      store(i, pte);
    }
  }

  /** The store as it reaches the page table. */
  void store(int i, long pte) {
    if (speculative) {
      owner.mmu().beforeStore(i);
    }
    boolean listening = events.active();
    long old = listening ? pt.get(i) : 0;
    pt.set(i, pte);
    counters.pteWrites++;
    if (listening) {
      events.pteWritten(cpu, pt.vpnOf(i) << pageShift, old, pte);
    }
  }

  private int checked(long ptep) {
    if (ptep < 0 || ptep >= pt.size()) {
      throw outside(ptep);
    }
    return (int) ptep;
  }

  private IllegalStateException outside(long ptep) {
    return new IllegalStateException("PTE pointer " + ptep + " is outside the kernel page table"
        + " (0.." + (pt.size() - 1) + ") of " + archName);
  }
}
