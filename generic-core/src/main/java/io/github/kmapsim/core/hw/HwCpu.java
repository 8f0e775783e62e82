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

  /**
   * Copies {@code len} bytes from {@code src} to {@code dst} exactly as {@code len / width}
   * loads of {@code width} bytes (1 or 8), each followed by its store, would: the same faults
   * at the same access, the same TLB fills, stale-entry reports and hit counts, the same bytes
   * (a forward copy). When each side lies within one page, has no VIVT cache in between and
   * does not overlap the other upwards, the translation is made once per side and the bytes
   * move with {@code System.arraycopy}; otherwise access by access.
   */
  public void copy(long dst, long src, int len, int width) {
    if (len <= 0) {
      return;
    }
    if (cache != null || !inPage(src, len) || !inPage(dst, len)) {
      for (int i = 0; i < len; i += width) {
        if (width == 8) {
          writeLong(dst + i, readLong(src + i));
        } else {
          writeByte(dst + i, readByte(src + i));
        }
      }
      return;
    }
    long[] from = mmu.storage(src, false);
    long[] to = mmu.storage(dst, true);
    countHits(src, len / width);
    countHits(dst, len / width);
    PhysicalMemory.copyBytes(from, (int) (src & pageOffsetMask), to,
        (int) (dst & pageOffsetMask), len);
  }

  /**
   * Stores {@code len} copies of {@code value} from {@code vaddr} on, as {@code len / width}
   * stores of {@code width} bytes (1 or 8) would; with {@code width} 8, {@code value} must be
   * the same in every byte (0 for a clear). As {@link #copy}, in bulk within one page.
   */
  public void fill(long vaddr, byte value, int len, int width) {
    if (len <= 0) {
      return;
    }
    if (cache != null || !inPage(vaddr, len)) {
      for (int i = 0; i < len; i += width) {
        if (width == 8) {
          writeLong(vaddr + i, (value & 0xffL) * 0x0101_0101_0101_0101L);
        } else {
          writeByte(vaddr + i, value);
        }
      }
      return;
    }
    long[] to = mmu.storage(vaddr, true);
    countHits(vaddr, len / width);
    PhysicalMemory.fillBytes(to, (int) (vaddr & pageOffsetMask), value, len);
  }

  /** Byte loads of {@code len} bytes from {@code vaddr} into {@code to}, in bulk as {@link #copy}. */
  public void read(long vaddr, byte[] to, int toOff, int len) {
    if (len <= 0) {
      return;
    }
    if (cache != null || !inPage(vaddr, len)) {
      for (int i = 0; i < len; i++) {
        to[toOff + i] = readByte(vaddr + i);
      }
      return;
    }
    long[] from = mmu.storage(vaddr, false);
    countHits(vaddr, len);
    int off = (int) (vaddr & pageOffsetMask);
    for (int i = 0; i < len; i++) {
      to[toOff + i] = PhysicalMemory.byteOf(from, off + i);
    }
  }

  /** Byte stores of {@code len} bytes of {@code from} from {@code vaddr} on, in bulk as {@link #copy}. */
  public void write(long vaddr, byte[] from, int fromOff, int len) {
    if (len <= 0) {
      return;
    }
    if (cache != null || !inPage(vaddr, len)) {
      for (int i = 0; i < len; i++) {
        writeByte(vaddr + i, from[fromOff + i]);
      }
      return;
    }
    long[] to = mmu.storage(vaddr, true);
    countHits(vaddr, len);
    int off = (int) (vaddr & pageOffsetMask);
    for (int i = 0; i < len; i++) {
      PhysicalMemory.setByte(to, off + i, from[fromOff + i]);
    }
  }

  /** Whether {@code [vaddr, vaddr + len)} lies within one page. */
  private boolean inPage(long vaddr, int len) {
    return (vaddr & pageOffsetMask) + len - 1 <= pageOffsetMask;
  }

  /**
   * Counts the TLB hits of the accesses after the first of a bulk access to one page: the first
   * filled or hit the entry (and reported it if stale), so every later one hits.
   */
  private void countHits(long vaddr, int accesses) {
    if (accesses > 1 && mmu.viaTlb(vaddr)) {
      counters.tlbHits += accesses - 1;
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
