// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.core.diag.Reporter;
import io.github.kmapsim.core.hw.KernelPageTable;
import io.github.kmapsim.core.sched.SchedCpu;
import io.github.kmapsim.core.sched.SimTask;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.MemoryLayout;
import io.github.kmapsim.spi.PteCodec;

/**
 * {@code include/linux/io-mapping.h}. With {@code HAVE_ATOMIC_IOMAP} (x86-32) a local map goes
 * through {@code __iomap_local_pfn_prot()}, i.e. a kmap_local slot with the WC protection;
 * otherwise {@code io_mapping_init_wc()} ioremaps the whole range and a local map is an offset
 * into it. ioremap addresses are handed out bottom-up from a 16 MiB window at the top of the
 * vmalloc area (its start rounded down to a page: VMALLOC_END need not be aligned, xtensa's is
 * 0x97feffff), each range followed by a guard page as vmalloc leaves one; they are not reused.
 */
public final class IoMappings {
  /** The part of the vmalloc area below VMALLOC_END that kmapsim hands out to ioremap. */
  public static final long WINDOW = 16L << 20;

  private final KmapLocal kmap;
  private final KernelPageTable pt;
  private final Reporter reporter;
  private final long vmallocEnd;
  private final PteCodec codec;
  private final boolean atomicIomap;
  private final int pageShift;
  private final long pageSize;
  private long nextIoremap;

  /** io_mapping over {@code kmap}'s slots or ioremaps into the page table {@code pt}. */
  public IoMappings(ArchVariant arch, MemoryLayout layout, KernelPageTable pt, KmapLocal kmap,
      Reporter reporter) {
    this.kmap = kmap;
    this.pt = pt;
    this.reporter = reporter;
    this.codec = arch.pteCodec();
    this.atomicIomap = arch.hooks().haveAtomicIomap();
    this.pageShift = layout.pageShift();
    this.pageSize = layout.pageSize();
    this.vmallocEnd = layout.vmallocEnd();
    this.nextIoremap = (vmallocEnd - WINDOW) & -pageSize;
  }

  /** {@code io_mapping_create_wc()}: {@code iomap_create_wc()} or {@code ioremap_wc()}. */
  public synchronized IoMapping create(SchedCpu cpu, long base, long size) {
    long pages = (size + pageSize - 1) >>> pageShift;
    if (base < 0 || size <= 0 || (base & (pageSize - 1)) != 0
        || (base >>> pageShift) + pages > codec.maxPfn()) {
      throw reporter.fail(DiagnosticCode.BAD_PFN, String.format(
          "io_mapping_create_wc(0x%x, 0x%x): the range must be page aligned and within the"
              + " physical address space (pfns below 0x%x)", base, size, codec.maxPfn()));
    }
    long prot = codec.pgprotWritecombine(codec.pageKernel());
    if (atomicIomap) {
      return new IoMapping(base, size, prot, 0);
    }
    if (nextIoremap + (pages + 1) * pageSize > vmallocEnd) {
      throw reporter.fail(DiagnosticCode.BAD_CONFIG, String.format(
          "ioremap_wc(0x%x, 0x%x): kmapsim's %d MiB ioremap window is used up", base, size,
          WINDOW >> 20));
    }
    long iomem = nextIoremap;
    nextIoremap += (pages + 1) * pageSize;
    for (long i = 0; i < pages; i++) {
      codec.setPte(cpu.hw().pteTable(), pt.indexOf((iomem >>> pageShift) + i),
          codec.pfnPte((base >>> pageShift) + i, prot));
    }
    return new IoMapping(base, size, prot, iomem);
  }

  /** {@code io_mapping_fini()}: {@code iounmap()} clears the PTEs and flushes the range. */
  public synchronized void free(SchedCpu cpu, IoMapping mapping) {
    if (mapping.iomem() == 0) {
      return;
    }
    long pages = (mapping.size() + pageSize - 1) >>> pageShift;
    for (long i = 0; i < pages; i++) {
      codec.pteClear(cpu.hw().pteTable(), pt.indexOf((mapping.iomem() >>> pageShift) + i));
    }
    cpu.hw().services().flushTlbKernelRange(mapping.iomem(), mapping.iomem() + (pages << pageShift));
  }

  /** {@code io_mapping_map_local_wc()}: BUG_ON(offset >= size), then the arch's path. */
  public long mapLocal(SchedCpu cpu, IoMapping mapping, long offset) {
    if (offset < 0 || offset >= mapping.size()) {
      throw reporter.fail(DiagnosticCode.PAGE_OVERRUN, cpu, cpu.currentTask(),
          String.format("io_mapping_map_local_wc: offset 0x%x is outside the 0x%x-byte mapping"
              + " (BUG_ON(offset >= mapping->size))", offset, mapping.size()));
    }
    cpu.counters().ioMaps++;
    if (mapping.iomem() != 0) {
      return mapping.iomem() + offset;
    }
    long pfn = (mapping.base() + offset) >>> pageShift;
    return kmap.kmapLocalPfnProt(cpu, pfn, mapping.prot());
  }

  /** {@code io_mapping_unmap_local()}: kunmap_local_indexed, or nothing for an ioremap offset. */
  public void unmapLocal(SchedCpu cpu, long vaddr) {
    if (atomicIomap) {
      kmap.kunmapLocalIndexed(cpu, vaddr);
    }
  }

  /** {@code io_mapping_map_atomic_wc()}: preempt_disable, pagefault_disable, then the map. */
  public long mapAtomic(SchedCpu cpu, IoMapping mapping, long offset) {
    SimTask task = KmapLocal.atomicEnter(cpu);
    try {
      return mapLocal(cpu, mapping, offset);
    } catch (RuntimeException e) {
      KmapLocal.atomicExit(task);
      throw e;
    }
  }

  /** {@code io_mapping_unmap_atomic()}: the unmap, then pagefault_enable and preempt_enable. */
  public void unmapAtomic(SchedCpu cpu, long vaddr) {
    SimTask task = kmap.atomicOutstanding(cpu, "io_mapping_unmap_atomic", vaddr);
    unmapLocal(cpu, vaddr);
    KmapLocal.atomicExit(task);
  }
}
