package io.github.kmapsim.core;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.IoMapping;
import io.github.kmapsim.spi.PteCodec;

/**
 * {@code include/linux/io-mapping.h}. With {@code HAVE_ATOMIC_IOMAP} (x86-32) a local map goes
 * through {@code __iomap_local_pfn_prot()}, i.e. a kmap_local slot with the WC protection;
 * otherwise {@code io_mapping_init_wc()} ioremaps the whole range and a local map is an offset
 * into it. ioremap addresses are handed out bottom-up from a 16 MiB window at the top of the
 * vmalloc area (its start rounded down to a page: VMALLOC_END need not be aligned, xtensa's is
 * 0x97feffff), each range followed by a guard page as vmalloc leaves one; they are not reused.
 */
final class IoMappings {
  /** The part of the vmalloc area below VMALLOC_END that kmapsim hands out to ioremap. */
  static final long WINDOW = 16L << 20;

  private final SimMachine machine;
  private final PteCodec codec;
  private final boolean atomicIomap;
  private final int pageShift;
  private final long pageSize;
  private long nextIoremap;

  IoMappings(SimMachine machine) {
    this.machine = machine;
    this.codec = machine.codec();
    this.atomicIomap = machine.arch().hooks().haveAtomicIomap();
    this.pageShift = machine.layout().pageShift();
    this.pageSize = machine.layout().pageSize();
    this.nextIoremap = (machine.layout().vmallocEnd() - WINDOW) & -pageSize;
  }

  /** {@code io_mapping_create_wc()}: {@code iomap_create_wc()} or {@code ioremap_wc()}. */
  synchronized IoMapping create(SimCpu cpu, long base, long size) {
    long pages = (size + pageSize - 1) >>> pageShift;
    if (base < 0 || size <= 0 || (base & (pageSize - 1)) != 0
        || (base >>> pageShift) + pages > codec.maxPfn()) {
      throw machine.reporter().fail(DiagnosticCode.BAD_PFN, String.format(
          "io_mapping_create_wc(0x%x, 0x%x): the range must be page aligned and within the"
              + " physical address space (pfns below 0x%x)", base, size, codec.maxPfn()));
    }
    long prot = codec.pgprotWritecombine(codec.pageKernel());
    if (atomicIomap) {
      return new IoMapping(base, size, prot, 0);
    }
    long end = machine.layout().vmallocEnd();
    if (nextIoremap + (pages + 1) * pageSize > end) {
      throw machine.reporter().fail(DiagnosticCode.BAD_CONFIG, String.format(
          "ioremap_wc(0x%x, 0x%x): kmapsim's %d MiB ioremap window is used up", base, size,
          WINDOW >> 20));
    }
    long iomem = nextIoremap;
    nextIoremap += (pages + 1) * pageSize;
    KernelPageTable pt = machine.pageTable();
    for (long i = 0; i < pages; i++) {
      codec.setPte(cpu.pteTable(), pt.indexOf((iomem >>> pageShift) + i),
          codec.pfnPte((base >>> pageShift) + i, prot));
    }
    return new IoMapping(base, size, prot, iomem);
  }

  /** {@code io_mapping_fini()}: {@code iounmap()} clears the PTEs and flushes the range. */
  synchronized void free(SimCpu cpu, IoMapping mapping) {
    if (mapping.iomem() == 0) {
      return;
    }
    long pages = (mapping.size() + pageSize - 1) >>> pageShift;
    KernelPageTable pt = machine.pageTable();
    for (long i = 0; i < pages; i++) {
      codec.pteClear(cpu.pteTable(), pt.indexOf((mapping.iomem() >>> pageShift) + i));
    }
    cpu.hw().flushTlbKernelRange(mapping.iomem(), mapping.iomem() + (pages << pageShift));
  }

  /** {@code io_mapping_map_local_wc()}: BUG_ON(offset >= size), then the arch's path. */
  long mapLocal(SimCpu cpu, IoMapping mapping, long offset) {
    if (offset < 0 || offset >= mapping.size()) {
      throw machine.reporter().fail(DiagnosticCode.PAGE_OVERRUN, cpu, cpu.currentTask(),
          String.format("io_mapping_map_local_wc: offset 0x%x is outside the 0x%x-byte mapping"
              + " (BUG_ON(offset >= mapping->size))", offset, mapping.size()));
    }
    cpu.counters().ioMaps++;
    if (mapping.iomem() != 0) {
      return mapping.iomem() + offset;
    }
    long pfn = (mapping.base() + offset) >>> pageShift;
    return machine.kmap().kmapLocalPfnProt(cpu, pfn, mapping.prot());
  }

  /** {@code io_mapping_unmap_local()}: kunmap_local_indexed, or nothing for an ioremap offset. */
  void unmapLocal(SimCpu cpu, long vaddr) {
    if (atomicIomap) {
      machine.kmap().kunmapLocalIndexed(cpu, vaddr);
    }
  }
}
