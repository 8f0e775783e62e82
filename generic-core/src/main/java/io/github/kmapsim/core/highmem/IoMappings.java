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
import java.util.ArrayList;
import java.util.List;

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
  /** The io_mappings made and not yet freed, compared by identity. */
  private final List<IoMapping> live = new ArrayList<>();

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
    long pages = size <= 0 ? 0 : (size - 1) / pageSize + 1;
    if (base < 0 || size <= 0 || (base & (pageSize - 1)) != 0
        || pages > codec.maxPfn() - (base >>> pageShift)) {
      throw reporter.fail(DiagnosticCode.BAD_PFN, String.format(
          "io_mapping_create_wc(0x%x, 0x%x): the range must be page aligned, not empty, and"
              + " within the physical address space (pfns below 0x%x)", base, size,
          codec.maxPfn()));
    }
    long prot;
    try {
      prot = codec.pgprotWritecombine(codec.pageKernel());
    } catch (UnsupportedOperationException e) {
      throw reporter.fail(DiagnosticCode.BAD_CONFIG, "io_mapping_create_wc: " + e.getMessage());
    }
    if (atomicIomap) {
      IoMapping m = new IoMapping(base, size, prot, 0);
      live.add(m);
      return m;
    }
    if (pages + 1 > (vmallocEnd - nextIoremap) / pageSize) {
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
    IoMapping m = new IoMapping(base, size, prot, iomem);
    live.add(m);
    return m;
  }

  /**
   * The mapping, refused ({@code BAD_ARGUMENT}) unless it is one this machine made and has not
   * freed: the kernel would use a stale or foreign {@code struct io_mapping}.
   */
  public synchronized IoMapping check(IoMapping mapping, String call) {
    for (IoMapping m : live) {
      if (m == mapping) {
        return mapping;
      }
    }
    throw reporter.fail(DiagnosticCode.BAD_ARGUMENT, String.format("%s: %s is not a live"
        + " io_mapping of this machine (never made by its io_mapping_create_wc, or freed)", call,
        mapping));
  }

  /** {@code io_mapping_fini()}: {@code iounmap()} clears the PTEs and flushes the range. */
  public synchronized void free(SchedCpu cpu, IoMapping mapping) {
    check(mapping, "io_mapping_free");
    live.remove(indexOf(mapping));
    if (mapping.iomem() == 0) {
      return;
    }
    long pages = (mapping.size() + pageSize - 1) >>> pageShift;
    for (long i = 0; i < pages; i++) {
      codec.pteClear(cpu.hw().pteTable(), pt.indexOf((mapping.iomem() >>> pageShift) + i));
    }
    cpu.hw().services().flushTlbKernelRange(mapping.iomem(), mapping.iomem() + (pages << pageShift));
  }

  private int indexOf(IoMapping mapping) {
    for (int i = 0; i < live.size(); i++) {
      if (live.get(i) == mapping) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code io_mapping_map_local_wc()} or, with {@code atomic}, {@code io_mapping_map_atomic_wc()}
   * (preempt_disable and pagefault_disable first): BUG_ON(offset >= size), then the arch's path.
   * The offset is checked before anything changes, and the map's own checks before preemption
   * and page faults are disabled.
   */
  public long map(SchedCpu cpu, IoMapping mapping, long offset, boolean atomic) {
    String call = atomic ? "io_mapping_map_atomic_wc" : "io_mapping_map_local_wc";
    check(mapping, call);
    if (offset < 0 || offset >= mapping.size()) {
      throw reporter.fail(DiagnosticCode.PAGE_OVERRUN, cpu, cpu.currentTask(),
          String.format("%s: offset 0x%x is outside the 0x%x-byte mapping"
              + " (BUG_ON(offset >= mapping->size))", call, offset, mapping.size()));
    }
    long vaddr;
    if (mapping.iomem() != 0) {
      if (atomic) {
        KmapLocal.atomicEnter(cpu);
      }
      vaddr = mapping.iomem() + offset;
    } else {
      long pfn = (mapping.base() + offset) >>> pageShift;
      vaddr = kmap.kmapLocalPfnProt(cpu, pfn, mapping.prot(), false);
      if (atomic) {
        KmapLocal.atomicEnter(cpu); // after the map's checks: a refused map changes nothing
      }
    }
    cpu.counters().ioMaps++;
    return vaddr;
  }

  /**
   * {@code io_mapping_unmap_local()} or, with {@code atomic}, {@code io_mapping_unmap_atomic()}
   * (then pagefault_enable and preempt_enable): kunmap_local_indexed with HAVE_ATOMIC_IOMAP;
   * otherwise the kernel does nothing, and kmapsim refuses an address that is not inside a live
   * io_mapping's ioremap ({@code NOT_MAPPED}).
   */
  public void unmap(SchedCpu cpu, long vaddr, boolean atomic) {
    String call = atomic ? "io_mapping_unmap_atomic" : "io_mapping_unmap_local";
    SimTask task = atomic ? kmap.atomicOutstanding(cpu, call, vaddr) : cpu.currentTask();
    if (atomicIomap) {
      kmap.kunmapLocalIndexed(cpu, vaddr);
    } else if (!insideIoremap(vaddr)) {
      throw reporter.fail(DiagnosticCode.NOT_MAPPED, cpu, task, String.format(
          "%s(0x%08x): the address is not inside a live io_mapping's ioremap", call, vaddr));
    }
    if (atomic) {
      KmapLocal.atomicExit(task);
    }
  }

  private synchronized boolean insideIoremap(long vaddr) {
    for (IoMapping m : live) {
      if (m.iomem() != 0 && vaddr >= m.iomem() && vaddr - m.iomem() < m.size()) {
        return true;
      }
    }
    return false;
  }

  /** The live io_mappings and the ioremap cursor, with the pkmap pool: the state of highmem. */
  public HighmemState capture(Pkmap pkmap) {
    long next;
    IoMapping[] all;
    synchronized (this) {
      next = nextIoremap;
      all = live.toArray(new IoMapping[0]);
    }
    return pkmap.capture(next, all);
  }

  /** Puts back what {@link #capture} took. */
  public void restore(Pkmap pkmap, HighmemState state) {
    synchronized (this) {
      nextIoremap = state.nextIoremap();
      live.clear();
      live.addAll(List.of(state.live()));
    }
    pkmap.restore(state);
  }
}
