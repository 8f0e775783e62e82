// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.core.diag.CpuCounters;
import io.github.kmapsim.core.diag.CpuSite;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.HardwareServices;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteTable;
import java.util.List;

/**
 * One CPU's hardware: its MMU and TLB, its D-cache where the variant's is VIVT, the PTE accessors
 * it writes the kernel page table with, and the {@link HardwareServices} its hooks act through.
 * Loads and stores go cache, then TLB, then page table, then memory.
 */
public final class HwCpu {
  private final int id;
  private final CpuSite site;
  private final CpuCounters counters;
  private final long pageOffsetMask;
  private final Mmu mmu;
  private final VivtCache cache;
  private final CpuPteTable pteTable;
  private final CpuServices services;
  private final LazyMmuBatch batch;

  HwCpu(Hardware hw, int id, CpuSite site) {
    this.id = id;
    this.site = site;
    this.counters = site.counters();
    this.pageOffsetMask = hw.layout().pageSize() - 1;
    this.mmu = new Mmu(this, hw);
    this.cache = hw.cacheType() == CacheType.VIVT
        ? new VivtCache(mmu, hw.memory(), hw.layout().pageShift(), hw.maxPfn())
        : null;
    int[] window = hw.kmapWindowEntries();
    this.batch = hw.has(MmuBehaviour.LAZY_MMU_UPDATES)
        ? new LazyMmuBatch(window[0], window[1])
        : null;
    this.pteTable = new CpuPteTable(this, hw, batch);
    this.services = new CpuServices(this, hw, batch);
    if (batch != null) {
      batch.attach(services);
    }
  }

  /** {@code smp_processor_id()}. */
  public int id() {
    return id;
  }

  /** This CPU's counters. */
  public CpuCounters counters() {
    return counters;
  }

  /** The services this CPU's hooks act through. */
  public HardwareServices services() {
    return services;
  }

  /** The kernel page table as this CPU's PTE accessors write it, counted and reported. */
  public PteTable pteTable() {
    return pteTable;
  }

  CpuPteTable pteTableImpl() {
    return pteTable;
  }

  CpuSite site() {
    return site;
  }

  /** The lazy MMU batch waiting on this CPU, for a snapshot; null where it keeps none. */
  HardwareState.LazyBatch captureBatch() {
    return batch == null ? null : batch.capture();
  }

  void restoreBatch(HardwareState.LazyBatch state) {
    if (batch != null) {
      batch.restore(state);
    }
  }

  Mmu mmu() {
    return mmu;
  }

  /** The VIVT D-cache, or null when the variant's cache is physical. */
  /** Whether this CPU has a D-cache that aliases (VIVT): flush_dcache_page has work to do. */
  public boolean hasAliasingDcache() {
    return cache() != null;
  }

  VivtCache cache() {
    return cache;
  }

  /** The storage an access to {@code vaddr} reads or writes: the cache line, else the page. */
  private long[] data(long vaddr, boolean write) {
    return cache == null ? mmu.storage(vaddr, write) : cache.line(vaddr, write);
  }

  /** A byte load through a kernel virtual address. */
  public byte readByte(long vaddr) {
    return PhysicalMemory.byteOf(data(vaddr, false), (int) (vaddr & pageOffsetMask));
  }

  /** A byte store through a kernel virtual address. */
  public void writeByte(long vaddr, byte value) {
    PhysicalMemory.setByte(data(vaddr, true), (int) (vaddr & pageOffsetMask), value);
  }

  /**
   * An 8-byte little-endian load. An unaligned one that spans two pages faults, as the hardware
   * does, before it loads anything.
   */
  public long readLong(long vaddr) {
    if ((vaddr & 7) == 0) {
      return data(vaddr, false)[(int) (vaddr & pageOffsetMask) >>> 3];
    }
    probeSpan(vaddr, false);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (readByte(vaddr + i) & 0xffL);
    }
    return v;
  }

  /**
   * An 8-byte little-endian store. An unaligned one that spans two pages faults, as the hardware
   * does, before it stores anything.
   */
  public void writeLong(long vaddr, long value) {
    if ((vaddr & 7) == 0) {
      data(vaddr, true)[(int) (vaddr & pageOffsetMask) >>> 3] = value;
      return;
    }
    probeSpan(vaddr, true);
    for (int i = 0; i < 8; i++) {
      writeByte(vaddr + i, (byte) (value >>> (i << 3)));
    }
  }

  /** Faults, changing nothing, when either page of an unaligned 8-byte access would. */
  private void probeSpan(long vaddr, boolean write) {
    if ((vaddr & pageOffsetMask) > pageOffsetMask - 7) {
      probe(vaddr, write);
      probe(vaddr + 7, write);
    }
  }

  private void probe(long vaddr, boolean write) {
    if (cache == null) {
      mmu.probe(vaddr, write);
    } else {
      cache.probe(vaddr, write);
    }
  }

  /** The physical address the TLB or a walk gives for {@code vaddr}, or -1; never faults. */
  public long translate(long vaddr) {
    return mmu.translate(vaddr);
  }

  /** Whether the TLB holds a translation for the page of {@code vaddr}. */
  public boolean tlbHolds(long vaddr) {
    return mmu.tlbHolds(vaddr);
  }

  /**
   * The hardware invariants of this CPU: no TLB entry the page table no longer backs, no dirty
   * VIVT line its address no longer maps, no lazy MMU update left in the batch between calls.
   */
  public void checkInvariants(List<InvariantViolation> violations) {
    if (batch != null && batch.pending()) {
      violations.add(new InvariantViolation(InvariantViolation.Code.LAZY_MMU_PENDING, id, -1,
          String.format("CPU%d has %d batched MMU update(s) not yet issued (lazy MMU mode):"
              + " arch_flush_lazy_mmu_mode() is missing", id, batch.size())));
    }
    mmu.checkTlb(violations);
    if (cache != null) {
      cache.checkDirtyLines(id, violations);
    }
  }
}
