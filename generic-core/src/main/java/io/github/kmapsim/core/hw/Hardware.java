// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.core.diag.CpuSite;
import io.github.kmapsim.core.diag.Events;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.KmapWindow;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.MmuBehaviour;
import io.github.kmapsim.spi.PteCodec;
import java.util.EnumSet;
import java.util.Set;

/**
 * The simulated hardware of one machine: sparse physical memory, the kernel page table every CPU
 * walks, and each CPU's MMU, TLB and (on VIVT variants) D-cache ({@link HwCpu}). It knows nothing
 * of tasks or kmaps; the one kernel service a hook may ask of it, {@code kmap_high_get}, is passed
 * up through the {@link KmapHighGet} the wiring installs. The MMU behaviours the variant declares
 * ({@link MmuBehaviour}: paired TLB entries, speculative walks, lazy MMU batching) are modelled
 * here and only here.
 */
public final class Hardware {
  private final String archName;
  private final PteCodec codec;
  private final MemoryLayout layout;
  private final CacheType cacheType;
  private final Set<MmuBehaviour> behaviours;
  private final int kmMaxIdx;
  private final long maxPfn;
  private final long maxLowPfn;
  private final PhysicalMemory memory;
  private final KernelPageTable pageTable;
  private final Events events;
  private final Reporter reporter;
  private final HwCpu[] cpus;
  private KmapHighGet highGet = (cpu, pfn) -> 0;
  private volatile StaleTlbCause staleCause = (cpu, vaddr) -> null;

  /**
   * @param arch the variant, for its PTE codec, cache type and name
   * @param layout the layout of this machine
   * @param pageTable the kernel page table
   * @param maxPfn the RAM page frames ({@code max_pfn})
   * @param maxLowPfn {@code max_low_pfn}
   * @param nrCpus NR_CPUS
   * @param kmMaxIdx KM_MAX_IDX
   */
  public Hardware(ArchVariant arch, MemoryLayout layout, KernelPageTable pageTable, long maxPfn,
      long maxLowPfn, int nrCpus, int kmMaxIdx, Events events, Reporter reporter) {
    this.archName = arch.name();
    this.codec = arch.pteCodec();
    this.cacheType = arch.cacheType();
    this.behaviours = arch.mmuBehaviours().isEmpty() ? Set.of()
        : EnumSet.copyOf(arch.mmuBehaviours());
    this.layout = layout;
    this.pageTable = pageTable;
    this.maxPfn = maxPfn;
    this.maxLowPfn = maxLowPfn;
    this.kmMaxIdx = kmMaxIdx;
    this.events = events;
    this.reporter = reporter;
    this.memory = new PhysicalMemory(maxPfn, layout.pageShift());
    this.cpus = new HwCpu[nrCpus];
  }

  /**
   * Builds CPU {@code id}'s hardware; {@code site} is the CPU as diagnostics name it.
   *
   * @throws IllegalStateException when the CPU already has its hardware
   */
  public HwCpu attach(int id, CpuSite site) {
    if (cpus[id] != null) {
      throw new IllegalStateException("CPU" + id + " already has its hardware");
    }
    cpus[id] = new HwCpu(this, id, site);
    return cpus[id];
  }

  /** Installs the checker's view of who caused a stale translation. */
  public void installStaleTlbCause(StaleTlbCause cause) {
    this.staleCause = cause;
  }

  /** What the checker says caused a stale translation, or null. */
  String staleCause(int cpu, long vaddr) {
    return staleCause.cause(cpu, vaddr);
  }

  /** Installs the kernel's {@code kmap_high_get} for {@link io.github.kmapsim.spi.HardwareServices}. */
  public void install(KmapHighGet kmapHighGet) {
    this.highGet = kmapHighGet;
  }

  /**
   * Whether a kernel PTE store is a plain store on every CPU: no speculative walk caches the old
   * entry first and no lazy MMU batch defers it. Only then may mm/highmem.c's fast path write the
   * page table without going through a CPU's {@link HwCpu#pteTable()}.
   */
  public boolean plainPteStores() {
    return !behaviours.contains(MmuBehaviour.SPECULATIVE_WALKS)
        && !behaviours.contains(MmuBehaviour.LAZY_MMU_UPDATES);
  }

  /** Reads one byte of physical memory without translation; untouched memory reads as zero. */
  public byte readPhysical(long physicalAddress) {
    long pfn = physicalAddress >>> layout.pageShift();
    if (physicalAddress < 0 || pfn >= codec.maxPfn()) {
      throw reporter.fail(DiagnosticCode.BAD_PFN,
          String.format("physical address 0x%x is outside the physical address space", physicalAddress));
    }
    return memory.readByte(pfn, (int) (physicalAddress & (layout.pageSize() - 1)));
  }

  /** The page table's PTE word for the page of {@code vaddr} (0 where the table has none). */
  public long kernelPte(long vaddr) {
    int i = pageTable.indexOf(vaddr >>> layout.pageShift());
    return i < 0 ? 0 : pageTable.get(i);
  }

  /**
   * The hardware's part of a snapshot: page table, TLBs (invalidations other CPUs posted applied
   * first), caches, memory, and what the MMU behaviours keep: the entries a speculative walker
   * may reload, and a lazy MMU batch not yet issued. Only while no CPU is inside a call.
   */
  public HardwareState capture() {
    HardwareState.TlbEntries[] tlbs = new HardwareState.TlbEntries[cpus.length];
    HardwareState.CacheLines[] caches = new HardwareState.CacheLines[cpus.length];
    int[][] reloadable = new int[cpus.length][];
    HardwareState.LazyBatch[] batches = new HardwareState.LazyBatch[cpus.length];
    for (int i = 0; i < cpus.length; i++) {
      Mmu mmu = cpus[i].mmu();
      reloadable[i] = mmu.captureReloadable();
      tlbs[i] = mmu.tlb().capture();
      caches[i] = cpus[i].cache() == null ? null : cpus[i].cache().capture();
      batches[i] = cpus[i].captureBatch();
    }
    return new HardwareState(pageTable, layout.pageShift(), pageTable.copy(), tlbs, caches,
        memory.capture(), reloadable, batches);
  }

  /** Puts back what {@link #capture()} took. Only while no CPU is inside a call. */
  public void restore(HardwareState state) {
    pageTable.restore(state.ptes());
    memory.restore(state.memory());
    for (int i = 0; i < cpus.length; i++) {
      Mmu mmu = cpus[i].mmu();
      mmu.restoreReloadable(state.reloadable(i));
      mmu.tlb().restore(state.tlb(i), memory);
      if (cpus[i].cache() != null) {
        cpus[i].cache().restore(state.cache(i));
      }
      cpus[i].restoreBatch(state.batch(i));
    }
  }

  /** The kernel page table. */
  public KernelPageTable pageTable() {
    return pageTable;
  }

  /** Physical memory. */
  public PhysicalMemory memory() {
    return memory;
  }

  /** CPU {@code n}'s hardware. */
  public HwCpu cpu(int n) {
    return cpus[n];
  }

  int nrCpus() {
    return cpus.length;
  }

  String archName() {
    return archName;
  }

  PteCodec codec() {
    return codec;
  }

  MemoryLayout layout() {
    return layout;
  }

  CacheType cacheType() {
    return cacheType;
  }

  boolean has(MmuBehaviour behaviour) {
    return behaviours.contains(behaviour);
  }

  /** The page-table indices of the kmap window's PTEs, {@code [first, last]}. */
  int[] kmapWindowEntries() {
    KmapWindow w = KmapWindow.of(layout);
    int shift = layout.pageShift();
    return new int[] {pageTable.indexOf(w.start() >>> shift),
        pageTable.indexOf((w.end() - 1) >>> shift)};
  }

  int kmMaxIdx() {
    return kmMaxIdx;
  }

  long maxPfn() {
    return maxPfn;
  }

  long maxLowPfn() {
    return maxLowPfn;
  }

  Events events() {
    return events;
  }

  Reporter reporter() {
    return reporter;
  }

  KmapHighGet highGet() {
    return highGet;
  }
}
